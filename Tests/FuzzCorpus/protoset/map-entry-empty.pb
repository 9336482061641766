
`
p.protop"4
O	
a (	
x (2.p.O.XEntry
XEntry:82
S
M.p.O.p.Obproto3