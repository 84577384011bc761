/// A Common Weakness Enumeration entry: the id plus its official short name.
public struct CWE: Hashable, Sendable, Codable, CustomStringConvertible {
    public let id: Int
    public let name: String

    public init(id: Int, name: String) {
        self.id = id
        self.name = name
    }

    /// The catalog entry for `id`, or an entry named "CWE-<id>" when we do not list it.
    public init(id: Int) {
        self = CWE.catalog[id] ?? CWE(id: id, name: "CWE-\(id)")
    }

    public var identifier: String { "CWE-\(id)" }
    public var url: String { "https://cwe.mitre.org/data/definitions/\(id).html" }
    public var description: String { "\(identifier): \(name)" }

    public static func known(_ id: Int) -> CWE? { catalog[id] }

    /// Names of the weaknesses SOSecure rules refer to.
    public static let catalog: [Int: CWE] = {
        let entries: [(Int, String)] = [
            (14, "Compiler Removal of Code to Clear Buffers"),
            (20, "Improper Input Validation"),
            (22, "Improper Limitation of a Pathname to a Restricted Directory ('Path Traversal')"),
            (73, "External Control of File Name or Path"),
            (77, "Improper Neutralization of Special Elements used in a Command ('Command Injection')"),
            (78, "Improper Neutralization of Special Elements used in an OS Command ('OS Command Injection')"),
            (79, "Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')"),
            (89, "Improper Neutralization of Special Elements used in an SQL Command ('SQL Injection')"),
            (90, "Improper Neutralization of Special Elements used in an LDAP Query ('LDAP Injection')"),
            (93, "Improper Neutralization of CRLF Sequences ('CRLF Injection')"),
            (94, "Improper Control of Generation of Code ('Code Injection')"),
            (95, "Improper Neutralization of Directives in Dynamically Evaluated Code ('Eval Injection')"),
            (113, "Improper Neutralization of CRLF Sequences in HTTP Headers ('HTTP Request/Response Splitting')"),
            (117, "Improper Output Neutralization for Logs"),
            (119, "Improper Restriction of Operations within the Bounds of a Memory Buffer"),
            (120, "Buffer Copy without Checking Size of Input ('Classic Buffer Overflow')"),
            (130, "Improper Handling of Length Parameter Inconsistency"),
            (131, "Incorrect Calculation of Buffer Size"),
            (134, "Use of Externally-Controlled Format String"),
            (190, "Integer Overflow or Wraparound"),
            (193, "Off-by-one Error"),
            (200, "Exposure of Sensitive Information to an Unauthorized Actor"),
            (201, "Insertion of Sensitive Information Into Sent Data"),
            (209, "Generation of Error Message Containing Sensitive Information"),
            (215, "Insertion of Sensitive Information Into Debugging Code"),
            (250, "Execution with Unnecessary Privileges"),
            (259, "Use of Hard-coded Password"),
            (273, "Improper Check for Dropped Privileges"),
            (276, "Incorrect Default Permissions"),
            (295, "Improper Certificate Validation"),
            (297, "Improper Validation of Certificate with Host Mismatch"),
            (311, "Missing Encryption of Sensitive Data"),
            (312, "Cleartext Storage of Sensitive Information"),
            (319, "Cleartext Transmission of Sensitive Information"),
            (321, "Use of Hard-coded Cryptographic Key"),
            (326, "Inadequate Encryption Strength"),
            (327, "Use of a Broken or Risky Cryptographic Algorithm"),
            (328, "Use of Weak Hash"),
            (329, "Generation of Predictable IV with CBC Mode"),
            (330, "Use of Insufficiently Random Values"),
            (338, "Use of Cryptographically Weak Pseudo-Random Number Generator (PRNG)"),
            (345, "Insufficient Verification of Data Authenticity"),
            (347, "Improper Verification of Cryptographic Signature"),
            (352, "Cross-Site Request Forgery (CSRF)"),
            (362, "Concurrent Execution using Shared Resource with Improper Synchronization ('Race Condition')"),
            (367, "Time-of-check Time-of-use (TOCTOU) Race Condition"),
            (377, "Insecure Temporary File"),
            (384, "Session Fixation"),
            (400, "Uncontrolled Resource Consumption"),
            (401, "Missing Release of Memory after Effective Lifetime"),
            (415, "Double Free"),
            (416, "Use After Free"),
            (434, "Unrestricted Upload of File with Dangerous Type"),
            (476, "NULL Pointer Dereference"),
            (489, "Active Debug Code"),
            (502, "Deserialization of Untrusted Data"),
            (521, "Weak Password Requirements"),
            (522, "Insufficiently Protected Credentials"),
            (532, "Insertion of Sensitive Information into Log File"),
            (552, "Files or Directories Accessible to External Parties"),
            (601, "URL Redirection to Untrusted Site ('Open Redirect')"),
            (611, "Improper Restriction of XML External Entity Reference"),
            (614, "Sensitive Cookie in HTTPS Session Without 'Secure' Attribute"),
            (643, "Improper Neutralization of Data within XPath Expressions ('XPath Injection')"),
            (676, "Use of Potentially Dangerous Function"),
            (680, "Integer Overflow to Buffer Overflow"),
            (732, "Incorrect Permission Assignment for Critical Resource"),
            (749, "Exposed Dangerous Method or Function"),
            (757, "Selection of Less-Secure Algorithm During Negotiation ('Algorithm Downgrade')"),
            (759, "Use of a One-Way Hash without a Salt"),
            (770, "Allocation of Resources Without Limits or Throttling"),
            (776, "Improper Restriction of Recursive Entity References in DTDs ('XML Entity Expansion')"),
            (787, "Out-of-bounds Write"),
            (789, "Memory Allocation with Excessive Size Value"),
            (798, "Use of Hard-coded Credentials"),
            (915, "Improperly Controlled Modification of Dynamically-Determined Object Attributes"),
            (916, "Use of Password Hash With Insufficient Computational Effort"),
            (918, "Server-Side Request Forgery (SSRF)"),
            (942, "Permissive Cross-domain Policy with Untrusted Domains"),
            (943, "Improper Neutralization of Special Elements in Data Query Logic"),
            (1004, "Sensitive Cookie Without 'HttpOnly' Flag"),
            (1204, "Generation of Weak Initialization Vector (IV)"),
            (1321, "Improperly Controlled Modification of Object Prototype Attributes ('Prototype Pollution')"),
            (1333, "Inefficient Regular Expression Complexity"),
            (1336, "Improper Neutralization of Special Elements Used in a Template Engine"),
        ]
        return Dictionary(uniqueKeysWithValues: entries.map { ($0.0, CWE(id: $0.0, name: $0.1)) })
    }()
}
