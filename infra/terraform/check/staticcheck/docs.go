package main

// Each module's README lists its inputs and outputs; the tables are generated from variables.tf and
// outputs.tf, so they cannot drift: `check/run --docs` rewrites them, the check fails when they differ.

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

const docsBegin = "<!-- inputs and outputs: generated from variables.tf and outputs.tf by check/run --docs -->"
const docsEnd = "<!-- end of generated inputs and outputs -->"

func docsTables(m *Module) string {
	var b strings.Builder
	b.WriteString(docsBegin + "\n## Inputs\n\n| name | description | type | default |\n| --- | --- | --- | --- |\n")
	for _, name := range sortedKeys(m.Variables) {
		body := m.Variables[name].Body
		def := "required"
		if a, ok := body.Attributes["default"]; ok {
			def = "`" + oneLine(exprText(a)) + "`"
		}
		typ := ""
		if a, ok := body.Attributes["type"]; ok {
			typ = "`" + oneLine(exprText(a)) + "`"
		}
		desc, _ := literal(body, "description")
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", name, desc, typ, def)
	}
	b.WriteString("\n## Outputs\n\n| name | description |\n| --- | --- |\n")
	for _, name := range sortedKeys(m.Outputs) {
		desc, _ := literal(m.Outputs[name].Body, "description")
		fmt.Fprintf(&b, "| `%s` | %s |\n", name, desc)
	}
	return b.String() + docsEnd
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "|", "\\|")), " ")
}

// checkDocs compares (or, with write, rewrites) the generated part of the module's README.md.
func checkDocs(m *Module, write bool, report *Report) {
	path := filepath.Join(m.Dir, "README.md")
	src, err := os.ReadFile(path)
	text := string(src)
	begin, end := strings.Index(text, docsBegin), strings.Index(text, docsEnd)
	if err != nil || begin < 0 || end < begin {
		report.add("docs", hcl.Range{Filename: path}, "README.md with the generated inputs and outputs is missing")
		return
	}
	updated := text[:begin] + docsTables(m) + text[end+len(docsEnd):]
	if updated == text {
		return
	}
	if write {
		os.WriteFile(path, []byte(updated), 0o644)
		return
	}
	report.add("docs", hcl.Range{Filename: path}, "inputs and outputs differ from variables.tf and outputs.tf: run check/run --docs")
}
