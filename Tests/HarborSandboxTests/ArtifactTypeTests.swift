import Testing

import HarborSandbox

/// The type Harbor 2.7's default processor gives an artifact with a config media type no
/// processor claims (goharbor/harbor src/controller/artifact/processor/default.go at v2.7.4,
/// `artifactTypeRegExp` `^application/vnd\.[^.]*\.(.*)\.config\.[^.]*\+json$`; its test table
/// default_test.go gives the first cases).
@Suite("Harbor 2.7's default artifact type")
struct ArtifactTypeTests {
    @Test("parsed from the config media type, else UNKNOWN", arguments: [
        // default_test.go `TestGetArtifactType`
        ("", "UNKNOWN"), ("unknown", "UNKNOWN"), ("application/vnd.oci.image.config.v1+json", "IMAGE"),
        ("application/vnd.cncf.helm.chart.config.v1+json", "HELM.CHART"), ("application/vnd.sylabs.sif.config.v1+json", "SIF"),
        ("application/vnd.caicloud.model.config.v1alpha1+json", "MODEL"),
        // what the regular expression implies
        ("application/vnd.x.model.config.v1.2+json", "UNKNOWN"), ("application/vnd.caicloud.model.config.v1alpha1", "UNKNOWN"),
        // a Helm plugin (config media type = Helm's plugin artifact type) and OCI 1.1's empty config
        ("application/vnd.helm.plugin.v1+json", "UNKNOWN"), ("application/vnd.oci.empty.v1+json", "UNKNOWN"),
    ])
    func defaultType(_ mediaType: String, expected: String) {
        #expect(ArtifactInventory.defaultProcessorType(mediaType) == expected)
    }
}
