import SOSecureCore

/// What the scan runner reports about an input that is not a finding; the same type reporters print.
public typealias FileIssue = ScanError
