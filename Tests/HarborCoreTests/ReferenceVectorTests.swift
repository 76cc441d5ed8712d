import Foundation
import HarborCore
import Testing

/// distribution/reference's own test tables (Fixtures/reference-vectors.json; Fixtures/README.md
/// names the upstream commit and tables): our grammar must accept and reject exactly what it
/// does, split names the same way and report the same class of error.
struct ReferenceVectorTests {
    struct Vector: Decodable, Sendable, CustomTestStringConvertible {
        let input: String
        let valid: Bool
        let domain: String?
        let path: String?
        let tag: String?
        let digest: String?
        let error: String?
        let explicit_domain: Bool?
        let source: String
        var testDescription: String { "\(source): \(input.prefix(60))" }
    }

    struct DomainVector: Decodable, Sendable, CustomTestStringConvertible {
        let input: String
        let valid: Bool
        var testDescription: String { input }
    }

    struct File: Decodable {
        let vectors: [Vector]
        let domain_vectors: [DomainVector]
    }

    /// In the repository beside this file, so the suite needs nothing outside it.
    static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/reference-vectors.json")

    static func load() throws -> File {
        try JSONDecoder().decode(File.self, from: Data(contentsOf: url))
    }

    /// Empty when the file is missing; `vectorFileIsComplete` then fails and says why.
    static let file = (try? load()) ?? File(vectors: [], domain_vectors: [])

    @Test func vectorFileIsComplete() throws {
        let file = try Self.load()
        #expect(file.vectors.count >= 120)
        #expect(file.domain_vectors.count >= 30)
    }

    @Test(arguments: file.vectors)
    func referenceVector(_ vector: Vector) throws {
        if vector.valid {
            let parsed = try ReferenceGrammar.parse(vector.input)
            #expect((parsed.domain ?? "") == (vector.domain ?? ""))
            #expect(parsed.path == vector.path)
            #expect(parsed.tag == vector.tag)
            #expect(parsed.digest?.description == vector.digest)
            if let explicit = vector.explicit_domain {
                #expect(parsed.hasExplicitHost == explicit)
            }
        } else {
            let error = #expect(throws: ReferenceError.self) { try ReferenceGrammar.parse(vector.input) }
            #expect(error?.kind.rawValue == vector.error, "message was: \(error?.message ?? "-")")
            #expect(error?.message.isEmpty == false)
        }
    }

    @Test(arguments: file.domain_vectors)
    func domainVector(_ vector: DomainVector) {
        #expect(ReferenceGrammar.isValidDomain(vector.input) == vector.valid)
    }
}
