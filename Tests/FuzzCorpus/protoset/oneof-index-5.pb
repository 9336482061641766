
<
p.protop"
O
a (	H2
S
M.p.O.p.Obproto3