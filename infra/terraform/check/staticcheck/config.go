package main

// Reading the .tf files of one directory (one Terraform module) with HashiCorp's own parser (hclsyntax).

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Module is what the checks need of one directory of .tf files.
type Module struct {
	Dir       string
	Variables map[string]*hclsyntax.Block
	Locals    map[string]*hclsyntax.Attribute
	Outputs   map[string]*hclsyntax.Block
	Resources map[string]*hclsyntax.Block // "type.name"
	Data      map[string]*hclsyntax.Block // "type.name"
	Calls     map[string]*hclsyntax.Block // module calls by name
	Providers []*hclsyntax.Block          // provider configurations
	Terraform []*hclsyntax.Block          // terraform blocks
	Bodies    []*hclsyntax.Body           // every file's body, for literal scans
}

// Finding is one problem: its kind (parse, reference, schema, catalog, policy), where, and what.
type Finding struct {
	Kind string
	Pos  hcl.Pos
	File string
	Msg  string
}

func (f Finding) String() string {
	return fmt.Sprintf("%s: %s:%d: %s", f.Kind, f.File, f.Pos.Line, f.Msg)
}

type Report struct {
	Root     string
	Findings []Finding
}

func (r *Report) add(kind string, rng hcl.Range, format string, args ...interface{}) {
	rel, err := filepath.Rel(r.Root, rng.Filename)
	if err != nil {
		rel = rng.Filename
	}
	r.Findings = append(r.Findings, Finding{kind, rng.Start, rel, fmt.Sprintf(format, args...)})
}

// loadModule parses every .tf file of dir; syntax errors become "parse" findings.
func loadModule(dir string, report *Report) *Module {
	m := &Module{Dir: dir, Variables: map[string]*hclsyntax.Block{}, Locals: map[string]*hclsyntax.Attribute{},
		Outputs: map[string]*hclsyntax.Block{}, Resources: map[string]*hclsyntax.Block{},
		Data: map[string]*hclsyntax.Block{}, Calls: map[string]*hclsyntax.Block{}}
	files, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
	sort.Strings(files)
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			report.add("parse", hcl.Range{Filename: file}, "cannot read: %v", err)
			continue
		}
		f, diags := hclsyntax.ParseConfig(src, file, hcl.Pos{Line: 1, Column: 1})
		for _, d := range diags {
			rng := hcl.Range{Filename: file}
			if d.Subject != nil {
				rng = *d.Subject
			}
			report.add("parse", rng, "%s: %s", d.Summary, d.Detail)
		}
		if diags.HasErrors() {
			continue
		}
		body := f.Body.(*hclsyntax.Body)
		m.Bodies = append(m.Bodies, body)
		for _, b := range body.Blocks {
			key := strings.Join(b.Labels, ".")
			switch b.Type {
			case "variable":
				m.Variables[key] = b
			case "output":
				m.Outputs[key] = b
			case "resource":
				m.Resources[key] = b
			case "data":
				m.Data[key] = b
			case "module":
				m.Calls[key] = b
			case "provider":
				m.Providers = append(m.Providers, b)
			case "terraform":
				m.Terraform = append(m.Terraform, b)
			case "locals":
				for name, a := range b.Body.Attributes {
					m.Locals[name] = a
				}
			}
		}
	}
	return m
}

// source of a module call when it is a local path ("../x"), resolved against the caller's directory.
func localSource(caller *Module, call *hclsyntax.Block) (string, bool) {
	a, ok := call.Body.Attributes["source"]
	if !ok {
		return "", false
	}
	v, diags := a.Expr.Value(nil)
	if diags.HasErrors() || !v.Type().Equals(ctyString) {
		return "", false
	}
	s := v.AsString()
	if !strings.HasPrefix(s, "./") && !strings.HasPrefix(s, "../") {
		return "", false
	}
	return filepath.Clean(filepath.Join(caller.Dir, s)), true
}

// literal returns an attribute's value when it is a constant (no references), else ok=false.
func literal(body *hclsyntax.Body, name string) (string, bool) {
	a, ok := body.Attributes[name]
	if !ok || len(a.Expr.Variables()) > 0 {
		return "", false
	}
	v, diags := a.Expr.Value(nil)
	if diags.HasErrors() || v.IsNull() || !v.IsKnown() {
		return "", false
	}
	switch {
	case v.Type().Equals(ctyString):
		return v.AsString(), true
	case v.Type().Equals(ctyBool):
		return fmt.Sprint(v.True()), true
	case v.Type().Equals(ctyNumber):
		return v.AsBigFloat().String(), true
	}
	return "", false
}

// exprText is the source text of an attribute's expression, e.g. "var.media_port".
func exprText(a *hclsyntax.Attribute) string {
	src, err := os.ReadFile(a.Expr.Range().Filename)
	if err != nil {
		return ""
	}
	r := a.Expr.Range()
	return strings.TrimSpace(string(src[r.Start.Byte:r.End.Byte]))
}
