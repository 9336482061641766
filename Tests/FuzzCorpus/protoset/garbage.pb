
ÿÿÿÿgarbage