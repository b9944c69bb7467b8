import Testing
@testable import MedShards

@Suite("Partitions, pseudonyms and keys")
struct PartitionTests {
    @Test("The stable hash is the first 8 bytes of SHA-256, big endian")
    func stableHash() {
        // SHA-256("abc") = ba7816bf 8f01cfea ... (FIPS 180-2 B.1)
        #expect(Partition.stableHash("abc") == 0xba78_16bf_8f01_cfea)
    }

    @Test("Workers cover every key exactly once", arguments: [1, 2, 3, 8])
    func workersCoverKeys(count: Int) throws {
        let keys = (0..<500).map { "patient\($0)_view" }
        var owners = [Int](repeating: 0, count: keys.count)
        for index in 0..<count {
            let partition = try Partition(index: index, count: count)
            for (i, key) in keys.enumerated() where partition.contains(key: key) { owners[i] += 1 }
        }
        #expect(owners.allSatisfy { $0 == 1 })
    }

    @Test("A worker index outside the count is refused")
    func badIndex() {
        let error = #expect(throws: ShardError.self) { try Partition(index: 3, count: 3) }
        #expect(error?.code == .invalidArgument)
    }

    @Test("Pseudonyms are HMAC-SHA256 truncated to 128 bits (RFC 4231 test case 1)")
    func pseudonymVector() throws {
        let key = String(repeating: "\u{0B}", count: 20)
        let pseudonymizer = try Pseudonymizer(secret: key)
        #expect(pseudonymizer.pseudonym(for: "Hi There") == "b0344c61d8db38535ca8afceaf0bf12b")
        #expect(pseudonymizer.pseudonym(for: "Hi There ") == pseudonymizer.pseudonym(for: "Hi There"))
    }

    @Test("Path pseudonyms are the HMAC of \"path\", NUL and the untrimmed path (values from Python's hmac)")
    func pathPseudonymVector() throws {
        let pseudonymizer = try Pseudonymizer(secret: "test-pseudonym-key-0123456789abcdef")
        // hmac.new(key, b"path\0" + path, sha256).hexdigest()[:32]
        #expect(
            pseudonymizer.pathPseudonym(for: "FAKEID-0042/chest_cr_monochrome1_window.dcm")
                == "d78b3d667ef970576e183081ae59f5fe")
        #expect(pseudonymizer.pathPseudonym(for: "FAKEID-0042/cut.dcm") == "20b06aa5c025370f95c97bcd01baa9ca")
        // hmac.new(key, b"FAKEID-0042", sha256): a path never shares a patient id's pseudonym.
        #expect(pseudonymizer.pseudonym(for: "FAKEID-0042") == "5c4fb15bbad4778b6b58df7ce5604ef9")
        #expect(pseudonymizer.pathPseudonym(for: "FAKEID-0042") != pseudonymizer.pseudonym(for: "FAKEID-0042"))
        #expect(pseudonymizer.pathPseudonym(for: "a.png ") != pseudonymizer.pathPseudonym(for: "a.png"))
    }

    @Test("Different keys give different pseudonyms; short keys are refused")
    func pseudonymKeys() throws {
        let a = try Pseudonymizer(secret: "0123456789abcdef-a")
        let b = try Pseudonymizer(secret: "0123456789abcdef-b")
        #expect(a.pseudonym(for: "PAT001") != b.pseudonym(for: "PAT001"))
        #expect(!a.pseudonym(for: "PAT001").contains("PAT001"))
        let error = #expect(throws: ShardError.self) { try Pseudonymizer(secret: "short") }
        #expect(error?.code == .missingKey)
    }

    @Test(
        "Keys drop image extensions, keep numeric ones, and flatten paths",
        arguments: [
            ("CheXpert/train/patient1/study1/view1_frontal.jpg", "CheXpert_train_patient1_study1_view1_frontal"),
            ("00000001_000.png", "00000001_000"),
            ("1.2.840.113619.2.55.3", "1_2_840_113619_2_55_3"),
            ("scans/1.2.3.dcm", "scans_1_2_3"),
            ("a b/c.d.e.JPEG", "a_b_c_d_e"),
            ("noext", "noext"),
        ])
    func keys(path: String, key: String) {
        #expect(SampleKey.key(forRelativePath: path) == key)
        #expect(SampleKey.isValid(key))
    }

    @Test("Two inputs mapping to one key are an error naming both")
    func duplicateKeys() {
        let error = #expect(throws: ShardError.self) {
            try SampleKey.ensureUnique([("a_b", "a/b.png"), ("x", "x.png"), ("a_b", "a_b.dcm")])
        }
        #expect(error?.code == .duplicateKey)
        #expect(error?.reason.contains("a/b.png") == true)
        #expect(error?.reason.contains("a_b.dcm") == true)
    }
}
