public enum VNTextVersion { public static let schema = "vnfacts/1" }
