import L2L
print("l2l")
