package main

// Every reference resolves: variables, locals, modules (and their outputs), data sources, resources; module
// calls pass only the child's variables and every variable it requires.

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

var metaArguments = map[string]bool{"count": true, "for_each": true, "provider": true, "providers": true,
	"depends_on": true, "source": true, "version": true}

// checkReferences looks at every expression of the module; modules maps a directory to its parsed module.
func checkReferences(m *Module, modules map[string]*Module, report *Report) {
	for _, body := range m.Bodies {
		walkBody(body, "", nil, func(expr hclsyntax.Expression, scope map[string]bool) {
			for _, t := range expr.Variables() {
				checkTraversal(m, modules, t, scope, report)
			}
		})
	}
	for name, call := range m.Calls {
		dir, ok := localSource(m, call)
		if !ok {
			continue
		}
		child, ok := modules[dir]
		if !ok {
			report.add("reference", call.DefRange(), "module %q: no Terraform files at %s", name, dir)
			continue
		}
		for arg, a := range call.Body.Attributes {
			if _, declared := child.Variables[arg]; !declared && !metaArguments[arg] {
				report.add("reference", a.SrcRange, "module %q has no variable %q", name, arg)
			}
		}
		for v, block := range child.Variables {
			if _, hasDefault := block.Body.Attributes["default"]; !hasDefault {
				if _, given := call.Body.Attributes[v]; !given {
					report.add("reference", call.DefRange(), "module %q: required variable %q is not set", name, v)
				}
			}
		}
	}
}

// Arguments that name types or attributes rather than refer to objects.
var notReferences = map[string]bool{"variable.type": true, "lifecycle.ignore_changes": true}

// walkBody calls visit for every expression, with the names a dynamic block's iterator adds to its content.
func walkBody(body *hclsyntax.Body, blockType string, scope map[string]bool, visit func(hclsyntax.Expression, map[string]bool)) {
	for name, a := range body.Attributes {
		if !notReferences[blockType+"."+name] {
			visit(a.Expr, scope)
		}
	}
	for _, b := range body.Blocks {
		inner := scope
		if b.Type == "dynamic" && len(b.Labels) == 1 {
			inner = map[string]bool{}
			for k := range scope {
				inner[k] = true
			}
			iterator := b.Labels[0]
			if it, ok := b.Body.Attributes["iterator"]; ok {
				if t, diags := hcl.AbsTraversalForExpr(it.Expr); !diags.HasErrors() {
					iterator = t.RootName()
				}
			}
			inner[iterator] = true
		}
		walkBody(b.Body, b.Type, inner, visit)
	}
}

func checkTraversal(m *Module, modules map[string]*Module, t hcl.Traversal, scope map[string]bool, report *Report) {
	root := t.RootName()
	attr := func(i int) string {
		if len(t) > i {
			if a, ok := t[i].(hcl.TraverseAttr); ok {
				return a.Name
			}
		}
		return ""
	}
	switch {
	case scope[root], root == "each", root == "count", root == "path", root == "self", root == "terraform":
		return
	case root == "var":
		if _, ok := m.Variables[attr(1)]; !ok {
			report.add("reference", t.SourceRange(), "undeclared variable var.%s", attr(1))
		}
	case root == "local":
		if _, ok := m.Locals[attr(1)]; !ok {
			report.add("reference", t.SourceRange(), "undeclared local value local.%s", attr(1))
		}
	case root == "module":
		call, ok := m.Calls[attr(1)]
		if !ok {
			report.add("reference", t.SourceRange(), "undeclared module module.%s", attr(1))
			return
		}
		output := attr(2)
		if output == "" && len(t) > 3 { // module.x["key"].output (a module with for_each)
			output = attr(3)
		}
		if dir, local := localSource(m, call); local && output != "" {
			if child, ok := modules[dir]; ok {
				if _, ok := child.Outputs[output]; !ok {
					report.add("reference", t.SourceRange(), "module %q has no output %q", attr(1), output)
				}
			}
		}
	case root == "data":
		if _, ok := m.Data[attr(1)+"."+attr(2)]; !ok {
			report.add("reference", t.SourceRange(), "undeclared data source data.%s.%s", attr(1), attr(2))
		}
	case strings.Contains(root, "_"):
		if _, ok := m.Resources[root+"."+attr(1)]; !ok {
			report.add("reference", t.SourceRange(), "undeclared resource %s.%s", root, attr(1))
		}
	default:
		report.add("reference", t.SourceRange(), "unknown name %q", root)
	}
}
