// libFuzzer harness for the chart archive reader (HarborCharts: ChartArchive.swift — gzip
// through GzipInflater.swift over the system zlib, tar through TarStreamReader.swift, Chart.yaml
// through ChartMetadata.swift over Yams/libyaml, Helm's rules in ChartValidation.swift — and the
// config blob of ChartConfigBlob.swift), linked by Fuzz/run.sh against a sanitized HarborCore
// and Yams. `Crypto` is Fuzz/Shims/CryptoSHA256.swift.
//
// The first byte picks what the rest is:
// - 0: the chart file's bytes as they are (the gzip layer is under test);
// - 1: a tar stream, which the harness gzips before writing the file (tar and Chart.yaml);
// - 2: the text of Chart.yaml alone (YAML and Helm's metadata rules).
//
// Properties:
// - Never crashes, on any bytes; every refusal is a ChartArchiveError whose message and hint
//   render (what the user sees).
// - A chart that is read has a name and a version that pass Helm's rules (the validation ran),
//   its size is the file's, its digest is `sha256:` and 64 lower-case hex digits.
// - The config blob of every valid Chart.yaml is JSON that Foundation parses, and names the
//   chart's name and version.
// - The same file and text read as a Helm plugin package (PluginArchive.swift, PluginMetadata.swift)
//   never crash either: a plugin has a name, a version and the file's size; a refusal renders.

import CZlib
import Foundation
import HarborCore

let scratch: URL = {
    let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    let url = URL(fileURLWithPath: base).appendingPathComponent("harbor-chart-fuzz-\(getpid()).tgz")
    return url
}()

func gzip(_ bytes: [UInt8]) -> [UInt8] {
    var stream = z_stream()
    // windowBits 15 + 16: a gzip wrapper, as `helm package` writes.
    guard deflateInit2_(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
        fatalError("deflateInit2 failed")
    }
    defer { deflateEnd(&stream) }
    var input = bytes
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 64)
    let produced: Int = input.withUnsafeMutableBufferPointer { inBuffer in
        output.withUnsafeMutableBufferPointer { outBuffer in
            stream.next_in = inBuffer.baseAddress
            stream.avail_in = UInt32(inBuffer.count)
            stream.next_out = outBuffer.baseAddress
            stream.avail_out = UInt32(outBuffer.count)
            require(deflate(&stream, Z_FINISH) == Z_STREAM_END, "deflate did not finish")
            return outBuffer.count - Int(stream.avail_out)
        }
    }
    return Array(output[0..<produced])
}

func checkConfig(_ metadata: ChartMetadata, from input: String) {
    let json = metadata.configJSON()
    guard let object = try? JSONSerialization.jsonObject(with: Data(json)) as? [String: Any] else {
        fatalError("config blob is not a JSON object: \(String(decoding: json, as: UTF8.self).debugDescription) (from \(input.debugDescription))")
    }
    require(object["name"] as? String == metadata.name, "config blob names \(String(describing: object["name"])), not \(metadata.name.debugDescription)")
    require(object["version"] as? String == metadata.version, "config blob has version \(String(describing: object["version"])), not \(metadata.version.debugDescription)")
}

func checkRefusal(_ error: ChartArchiveError) {
    require(!error.message.isEmpty && !(error.hint ?? "x").isEmpty, "a refusal renders empty: \(error)")
}

func checkRefusal(_ error: PluginArchiveError) {
    require(!error.message.isEmpty && !(error.hint ?? "x").isEmpty, "a refusal renders empty: \(error)")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let mode = data[0] % 3
    let rest = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    if mode == 2 {
        let text = String(decoding: rest, as: UTF8.self)
        do {
            var metadata = try ChartMetadata(yaml: text)
            try metadata.validate()
            require(!metadata.name.isEmpty && !metadata.version.isEmpty, "validated metadata without name or version")
            checkConfig(metadata, from: text)
        } catch {
            checkRefusal(error)
        }
        do {
            let plugin = try PluginMetadata(yaml: text, path: "harbor/plugin.yaml")
            require(!plugin.name.isEmpty && !plugin.version.isEmpty, "plugin metadata without name or version")
        } catch {
            checkRefusal(error)
        }
        return 0
    }
    let file = mode == 0 ? rest : gzip(rest)
    require(FileManager.default.createFile(atPath: scratch.path, contents: Data(file)), "cannot write \(scratch.path)")
    do {
        let chart = try ChartArchive.read(scratch)
        require(chart.size == Int64(file.count), "size \(chart.size) of a \(file.count)-byte file")
        let hex = chart.digest.dropFirst("sha256:".count)
        require(chart.digest.hasPrefix("sha256:") && hex.count == 64 && hex.allSatisfy { "0123456789abcdef".contains($0) }, "digest \(chart.digest)")
        require(!chart.metadata.name.isEmpty && !chart.metadata.version.isEmpty, "a chart without name or version was read")
        checkConfig(chart.metadata, from: "archive")
    } catch {
        checkRefusal(error)
    }
    do {
        if case .plugin(let plugin) = try PluginArchive.read(scratch) {
            require(plugin.size == Int64(file.count), "plugin size \(plugin.size) of a \(file.count)-byte file")
            require(!plugin.metadata.name.isEmpty && !plugin.metadata.version.isEmpty, "a plugin without name or version was read")
        }
    } catch {
        checkRefusal(error)
    }
    return 0
}

/// `precondition` that keeps its message in an -O build (the fuzzers are built with -O).
func require(_ condition: Bool, _ message: @autoclosure () -> String = "", file: StaticString = #file, line: UInt = #line) {
    if !condition { fatalError(message(), file: file, line: line) }
}
