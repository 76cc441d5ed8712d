// harbor-store-worker CONFIG HOST: stores `user-HOST` / `secret-HOST` for HOST in the docker
// config.json at CONFIG, as one `docker harbor login` would. A test helper, not installed:
// HarborCredentialsTests' ConcurrentWriteTests starts twenty at once to check that none of their
// read-modify-write cycles loses another's entry.
import Foundation
import HarborCredentials

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: harbor-store-worker CONFIG HOST\n".utf8))
    exit(64)
}
let (config, host) = (arguments[1], arguments[2])
do {
    _ = try DockerConfigFile(path: config).storeInFile(host: host, username: "user-" + host, secret: "secret-" + host)
} catch {
    FileHandle.standardError.write(Data("harbor-store-worker: \(error)\n".utf8))
    exit(1)
}
