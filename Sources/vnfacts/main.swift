import VNText
print(icuVersion)
