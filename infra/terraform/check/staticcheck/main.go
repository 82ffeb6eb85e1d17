// Command staticcheck: an offline static check of Roomcast's Terraform (no terraform binary needed).
//
//	staticcheck <infra/terraform directory>
//
// It parses every .tf file with HashiCorp's HCL parser, then checks that every reference resolves, that
// every resource, data source and argument exists in the pinned providers' schemas (check/schema/*.json),
// that the Kafka topics and ACLs equal the catalog's export, and the policy rules (policy.go). Findings are
// printed one per line as "<kind>: <file>:<line>: <message>"; the exit status is 1 when there is any.
// Formatting is checked by hclfmt, from the same HCL package (check/run). With --docs it rewrites the
// generated inputs and outputs tables of the modules' READMEs (docs.go).
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	args := os.Args[1:]
	writeDocs := len(args) == 2 && args[0] == "--docs"
	if writeDocs {
		args = args[1:]
	}
	if len(args) != 1 {
		fmt.Fprintln(os.Stderr, "usage: staticcheck [--docs] <infra/terraform directory>")
		os.Exit(2)
	}
	root, _ := filepath.Abs(args[0])
	report := &Report{Root: root}
	providers, err := loadSchemas(filepath.Join(root, "check", "schema"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "staticcheck: provider schemas:", err)
		os.Exit(2)
	}

	modules := map[string]*Module{}
	filepath.Walk(root, func(path string, info os.FileInfo, err error) error {
		if err == nil && info.IsDir() {
			if name := info.Name(); path != root && (name == "check" || name == "node_modules" || strings.HasPrefix(name, ".")) {
				return filepath.SkipDir
			}
			if files, _ := filepath.Glob(filepath.Join(path, "*.tf")); len(files) > 0 {
				modules[path] = loadModule(path, report)
			}
		}
		return nil
	})

	roots := map[string]bool{filepath.Join(root, "bootstrap"): true}
	envs, _ := filepath.Glob(filepath.Join(root, "environments", "*"))
	for _, env := range envs {
		roots[env] = true
	}
	for _, dir := range sortedKeys(modules) {
		m := modules[dir]
		checkReferences(m, modules, report)
		checkSchemas(m, providers, report)
		checkEncryption(m, report)
		checkPublicIngress(m, report)
		checkVersions(m, roots[dir], providers, report)
		if strings.HasPrefix(dir, filepath.Join(root, "modules")+string(filepath.Separator)) {
			checkDocs(m, writeDocs, report)
		}
	}
	for _, env := range envs {
		m, ok := modules[env]
		if !ok {
			continue
		}
		if filepath.Base(env) == "prod" {
			checkDeletionProtection(m, modules, true, report)
		}
		reached := map[string]bool{}
		reach(m, modules, reached)
		for dir := range modules {
			if strings.HasPrefix(dir, filepath.Join(root, "modules")+string(filepath.Separator)) && !reached[dir] {
				rel, _ := filepath.Rel(root, dir)
				report.add("reference", m.Terraform[0].DefRange(), "environment does not instantiate %s", rel)
			}
		}
	}
	if b, ok := modules[filepath.Join(root, "bootstrap")]; ok {
		checkDeletionProtection(b, modules, true, report)
	}
	checkCatalog(root, modules, report)

	sort.SliceStable(report.Findings, func(i, j int) bool { return report.Findings[i].String() < report.Findings[j].String() })
	for _, f := range report.Findings {
		fmt.Println(f)
	}
	if len(report.Findings) > 0 {
		fmt.Printf("static check: %d finding(s) in %d modules\n", len(report.Findings), len(modules))
		os.Exit(1)
	}
	fmt.Printf("static check: %d modules, %d resources, %d module calls: no findings\n", len(modules), count(modules, func(m *Module) int { return len(m.Resources) }), count(modules, func(m *Module) int { return len(m.Calls) }))
}

func reach(m *Module, modules map[string]*Module, reached map[string]bool) {
	for _, call := range m.Calls {
		if dir, ok := localSource(m, call); ok && !reached[dir] && modules[dir] != nil {
			reached[dir] = true
			reach(modules[dir], modules, reached)
		}
	}
}

func count(modules map[string]*Module, f func(*Module) int) int {
	n := 0
	for _, m := range modules {
		n += f(m)
	}
	return n
}
