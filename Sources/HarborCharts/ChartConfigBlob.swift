/// The OCI config blob of a chart: `json.Marshal(chart.Metadata)` (helm/helm pkg/registry/client.go
/// `Push` at v4.3.1 and v3.17.3), every field `omitempty` except a dependency's `name` and
/// `repository`.
extension ChartMetadata {
    public func configJSON() -> [UInt8] {
        var json = GoJSONWriter()
        json.beginObject()
        json.field("name", name)
        json.field("home", home)
        json.field("sources", sources)
        json.field("version", version)
        json.field("description", description)
        json.field("keywords", keywords)
        if !maintainers.isEmpty {
            json.key("maintainers")
            json.beginArray()
            for maintainer in maintainers {
                guard let maintainer else { json.raw("null"); continue }
                json.beginObject()
                json.field("name", maintainer.name)
                json.field("email", maintainer.email)
                json.field("url", maintainer.url)
                json.endObject()
            }
            json.endArray()
        }
        json.field("icon", icon)
        json.field("apiVersion", apiVersion)
        json.field("condition", condition)
        json.field("tags", tags)
        json.field("appVersion", appVersion)
        if deprecated { json.key("deprecated"); json.bool(true) }
        json.field("annotations", annotations)
        json.field("kubeVersion", kubeVersion)
        if !dependencies.isEmpty {
            json.key("dependencies")
            json.beginArray()
            for dependency in dependencies {
                guard let dependency else { json.raw("null"); continue }
                json.beginObject()
                json.key("name")
                json.string(dependency.name)
                json.field("version", dependency.version)
                json.key("repository")
                json.string(dependency.repository)
                json.field("condition", dependency.condition)
                json.field("tags", dependency.tags)
                if dependency.enabled { json.key("enabled"); json.bool(true) }
                if !dependency.importValues.isEmpty {
                    json.key("import-values")
                    json.beginArray()
                    for value in dependency.importValues { Self.write(value, to: &json) }
                    json.endArray()
                }
                json.field("alias", dependency.alias)
                json.endObject()
            }
            json.endArray()
        }
        json.field("type", type)
        json.endObject()
        return json.bytes
    }

    private static func write(_ value: YAMLValue, to json: inout GoJSONWriter) {
        switch value {
        case .null: json.raw("null")
        case .bool(let flag): json.bool(flag)
        case .number(let text): json.raw(goNumber(text))
        case .string(let text): json.string(text)
        case .list(let items):
            json.beginArray()
            for item in items { write(item, to: &json) }
            json.endArray()
        case .map(let map):
            json.beginObject()
            for key in map.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
                json.key(key)
                write(map[key]!, to: &json)
            }
            json.endObject()
        }
    }

    /// A YAML number as Go prints the float64 it becomes: integers without a fraction.
    private static func goNumber(_ text: String) -> String {
        if let integer = Int64(text) { return String(integer) }
        if let double = Double(text) {
            if double == double.rounded(), abs(double) < 1e21 { return String(Int64(double)) }
            return String(double)
        }
        return "null"
    }
}
