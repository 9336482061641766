
m
p.protop"A
O	
a (	
x (2.p.O.XEntry
XEntry
key (	:82
S
M.p.O.p.Obproto3