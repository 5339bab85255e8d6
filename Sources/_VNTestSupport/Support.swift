import VNText
