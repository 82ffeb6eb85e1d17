package main

// The topics and ACLs Terraform would create equal the catalog's export (catalog.json, which the build
// checks against the Java catalog): each kafka_topic / kafka_acl resource's for_each and arguments are
// evaluated as Terraform would, instance by instance, and compared field by field.

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

const catalogModule = "modules/kafka-catalog"

type catalogDoc struct {
	Topics map[string]struct {
		Partitions int               `json:"partitions"`
		Config     map[string]string `json:"config"`
	} `json:"topics"`
	Acls map[string]map[string]string `json:"acls"`
}

func checkCatalog(root string, modules map[string]*Module, report *Report) {
	dir := filepath.Join(root, catalogModule)
	m, ok := modules[dir]
	src, err := os.ReadFile(filepath.Join(dir, "catalog.json"))
	if !ok || err != nil {
		report.add("catalog", hcl.Range{Filename: dir}, "the catalog module or its catalog.json is missing")
		return
	}
	var want catalogDoc
	if err := json.Unmarshal(src, &want); err != nil {
		report.add("catalog", hcl.Range{Filename: filepath.Join(dir, "catalog.json")}, "unreadable: %v", err)
		return
	}
	for _, other := range modules {
		for key, b := range other.Resources {
			if (b.Labels[0] == "kafka_topic" || b.Labels[0] == "kafka_acl") && (other != m || (key != "kafka_topic.this" && key != "kafka_acl.this")) {
				report.add("catalog", b.DefRange(), "%s is written by hand: topics and ACLs come only from %s/catalog.json", key, catalogModule)
			}
		}
	}
	ctx := evalContext(m)
	topics := instances(m, "kafka_topic.this", ctx, report)
	got := map[string]bool{}
	for key, attrs := range topics {
		name := text(attrs["name"])
		got[name] = true
		t, ok := want.Topics[name]
		if !ok {
			report.add("catalog", m.Resources["kafka_topic.this"].DefRange(), "topic %q (instance %q) is not in the catalog", name, key)
			continue
		}
		if p := attrs["partitions"]; p.IsNull() || !p.IsKnown() || !p.Type().Equals(cty.Number) || !p.Equals(cty.NumberIntVal(int64(t.Partitions))).True() {
			report.add("catalog", m.Resources["kafka_topic.this"].DefRange(), "topic %q: partitions %s, the catalog says %d", name, p.GoString(), t.Partitions)
		}
		config := map[string]string{}
		if c := attrs["config"]; !c.IsNull() && c.IsWhollyKnown() && c.CanIterateElements() {
			for k, v := range c.AsValueMap() {
				config[k] = text(v)
			}
		}
		if fmt.Sprint(config) != fmt.Sprint(t.Config) {
			report.add("catalog", m.Resources["kafka_topic.this"].DefRange(), "topic %q: config %v, the catalog says %v", name, config, t.Config)
		}
	}
	for _, name := range sortedKeys(want.Topics) {
		if !got[name] {
			report.add("catalog", m.Resources["kafka_topic.this"].DefRange(), "catalog topic %q is not created", name)
		}
	}
	fields := map[string]string{"acl_principal": "principal", "resource_type": "resource_type",
		"resource_pattern_type_filter": "pattern_type", "resource_name": "resource_name", "acl_operation": "operation"}
	gotAcls := map[string]bool{}
	for _, attrs := range instances(m, "kafka_acl.this", ctx, report) {
		acl := map[string]string{}
		for tf, field := range fields {
			acl[field] = text(attrs[tf])
		}
		key := fmt.Sprintf("%s|%s|%s|%s|%s", acl["principal"], acl["resource_type"], acl["pattern_type"], acl["resource_name"], acl["operation"])
		gotAcls[key] = true
		if _, ok := want.Acls[key]; !ok {
			report.add("catalog", m.Resources["kafka_acl.this"].DefRange(), "ACL %s is not in the catalog", key)
		}
		if text(attrs["acl_permission_type"]) != "Allow" || text(attrs["acl_host"]) != "*" {
			report.add("catalog", m.Resources["kafka_acl.this"].DefRange(), "ACL %s: only Allow for any host is generated", key)
		}
	}
	for _, key := range sortedKeys(want.Acls) {
		if !gotAcls[key] {
			report.add("catalog", m.Resources["kafka_acl.this"].DefRange(), "catalog ACL %s is not created", key)
		}
	}
}

// evalContext: the module's locals (in dependency order), path.module, and the functions they use;
// variables are unknown, so anything that depends on them cannot decide a topic or an ACL.
func evalContext(m *Module) *hcl.EvalContext {
	ctx := &hcl.EvalContext{
		Variables: map[string]cty.Value{
			"path": cty.ObjectVal(map[string]cty.Value{"module": cty.StringVal(m.Dir)}),
			"var":  cty.DynamicVal,
		},
		Functions: map[string]function.Function{
			"jsondecode": stdlib.JSONDecodeFunc, "merge": stdlib.MergeFunc, "keys": stdlib.KeysFunc,
			"values": stdlib.ValuesFunc, "concat": stdlib.ConcatFunc, "lookup": stdlib.LookupFunc,
			"tostring": stdlib.MakeToFunc(cty.String), "tonumber": stdlib.MakeToFunc(cty.Number),
			"file": function.New(&function.Spec{
				Params: []function.Parameter{{Name: "path", Type: cty.String}},
				Type:   function.StaticReturnType(cty.String),
				Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
					b, err := os.ReadFile(args[0].AsString())
					return cty.StringVal(string(b)), err
				},
			}),
		},
	}
	locals := map[string]cty.Value{}
	for range m.Locals { // each pass settles at least one more local
		ctx.Variables["local"] = cty.ObjectVal(locals)
		for name, a := range m.Locals {
			if v, diags := a.Expr.Value(ctx); !diags.HasErrors() {
				locals[name] = v
			}
		}
	}
	ctx.Variables["local"] = cty.ObjectVal(locals)
	return ctx
}

// instances evaluates a resource's for_each and its literal-or-computed arguments per instance.
func instances(m *Module, key string, ctx *hcl.EvalContext, report *Report) map[string]map[string]cty.Value {
	b, ok := m.Resources[key]
	if !ok {
		report.add("catalog", hcl.Range{Filename: m.Dir}, "%s is missing", key)
		return nil
	}
	forEach, ok := b.Body.Attributes["for_each"]
	if !ok {
		report.add("catalog", b.DefRange(), "%s has no for_each over the catalog", key)
		return nil
	}
	each, diags := forEach.Expr.Value(ctx)
	if diags.HasErrors() || !each.IsWhollyKnown() || !(each.Type().IsObjectType() || each.Type().IsMapType()) {
		report.add("catalog", forEach.SrcRange, "%s: for_each does not evaluate to a known map from the catalog: %s", key, diags.Error())
		return nil
	}
	out := map[string]map[string]cty.Value{}
	names := []string{}
	for k := range each.AsValueMap() {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		inner := ctx.NewChild()
		inner.Variables = map[string]cty.Value{"each": cty.ObjectVal(map[string]cty.Value{"key": cty.StringVal(k), "value": each.AsValueMap()[k]})}
		attrs := map[string]cty.Value{}
		for name, a := range b.Body.Attributes {
			v, diags := a.Expr.Value(inner)
			if diags.HasErrors() {
				report.add("catalog", a.SrcRange, "%s[%q].%s: %s", key, k, name, diags.Error())
				continue
			}
			attrs[name] = v
		}
		out[k] = attrs
	}
	return out
}

// text is a value as a string, or a marker when Terraform could not know it before apply.
func text(v cty.Value) string {
	if v.IsNull() || !v.IsKnown() || !v.Type().Equals(cty.String) {
		return "<not a known string>"
	}
	return v.AsString()
}
