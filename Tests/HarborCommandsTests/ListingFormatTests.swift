import Foundation
import Testing

import HarborCommands

/// `--format` of the listing commands: docker-style templates and tables that fit the terminal.
struct ListingFormatTests {
    @Test("table, json, templates; `table ` adds a header; \\t and \\n as docker reads them")
    func parsing() {
        #expect(ListingFormat(argument: "table") == .table)
        #expect(ListingFormat(argument: "json") == .json)
        #expect(ListingFormat(argument: "{{.Name}}\\t{{.Role}}") == .template("{{.Name}}\t{{.Role}}", table: false))
        #expect(ListingFormat(argument: "table {{.Name}}") == .template("{{.Name}}", table: true))
        #expect(ListingFormat(argument: "yaml") == nil)
    }

    @Test("fields are substituted; anything else is refused with the reason")
    func templates() throws {
        let values = ["Name": "demo", "Role": "developer"]
        #expect(try TemplateText.render("{{.Name}} is {{ .Role }}") { values[$0] } == "demo is developer")
        #expect(try TemplateText.fields(in: "{{.Name}}-{{.Role}}") == ["Name", "Role"])
        #expect(throws: CommandFailure.self) { try TemplateText.render("{{.Nope}}") { values[$0] } }
        #expect(throws: CommandFailure.self) { try TemplateText.render("{{json .}}") { values[$0] } }
        #expect(throws: CommandFailure.self) { try TemplateText.render("{{.Name") { values[$0] } }
    }

    @Test("columns align; on a narrow terminal the widest column is shortened with …")
    func tableLayout() {
        let rows = [["pkalpha/some/very/long/repository/name", "3", "2 days ago"], ["pkalpha/app", "1", "just now"]]
        let wide = TableLayout.lines(header: ["NAME", "ARTIFACTS", "UPDATED"], rows: rows, width: nil)
        #expect(wide[0] == "NAME                                    ARTIFACTS  UPDATED")
        #expect(wide[2] == "pkalpha/app                             1          just now")
        let narrow = TableLayout.lines(header: ["NAME", "ARTIFACTS", "UPDATED"], rows: rows, width: 40)
        #expect(narrow.allSatisfy { $0.count <= 40 }, "\(narrow)")
        #expect(narrow[1] == "pkalpha/some/ver…  3          2 days ago", "\(narrow)")
        #expect(TableLayout.headerName("Repositories") == "REPOSITORIES")
    }
}
