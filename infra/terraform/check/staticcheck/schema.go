package main

// Every resource, data source and provider block, and every argument and nested block in them, exists in
// the pinned provider's schema (files in the shape of `terraform providers schema -json`).

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

var (
	ctyString = cty.String
	ctyBool   = cty.Bool
	ctyNumber = cty.Number
)

type SchemaBlock struct {
	Attributes map[string]struct {
		Required bool `json:"required"`
	} `json:"attributes"`
	BlockTypes map[string]struct {
		Block SchemaBlock `json:"block"`
	} `json:"block_types"`
}

type entity struct {
	Block SchemaBlock `json:"block"`
}

// Provider is one provider's schema slice and the version it was taken from.
type Provider struct {
	Source      string
	Version     string            `json:"version"`
	Provider    entity            `json:"provider"`
	Resources   map[string]entity `json:"resource_schemas"`
	DataSources map[string]entity `json:"data_source_schemas"`
}

// loadSchemas reads every *.json of dir; the key is the provider's local name (aws, kafka, ec).
func loadSchemas(dir string) (map[string]*Provider, error) {
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	providers := map[string]*Provider{}
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		var doc struct {
			Schemas map[string]*Provider `json:"provider_schemas"`
		}
		if err := json.Unmarshal(src, &doc); err != nil {
			return nil, err
		}
		for address, p := range doc.Schemas {
			parts := strings.Split(address, "/")
			p.Source = strings.ToLower(parts[len(parts)-2] + "/" + parts[len(parts)-1])
			providers[parts[len(parts)-1]] = p
		}
	}
	return providers, nil
}

var resourceMeta = map[string]bool{"count": true, "for_each": true, "provider": true, "depends_on": true,
	"lifecycle": true, "provisioner": true, "connection": true}

func checkSchemas(m *Module, providers map[string]*Provider, report *Report) {
	kinds := []struct {
		what   string
		blocks map[string]*hclsyntax.Block
		pick   func(*Provider) map[string]entity
	}{
		{"resource type", m.Resources, func(p *Provider) map[string]entity { return p.Resources }},
		{"data source", m.Data, func(p *Provider) map[string]entity { return p.DataSources }},
	}
	for _, kind := range kinds {
		for _, key := range sortedKeys(kind.blocks) {
			b := kind.blocks[key]
			typ := b.Labels[0]
			p, ok := providers[strings.SplitN(typ, "_", 2)[0]]
			if !ok {
				report.add("schema", b.DefRange(), "%s %q: no schema for its provider", kind.what, typ)
				continue
			}
			e, ok := kind.pick(p)[typ]
			if !ok {
				report.add("schema", b.DefRange(), "unknown %s %q in %s %s", kind.what, typ, p.Source, p.Version)
				continue
			}
			checkBody(b.Body, e.Block, typ, report)
		}
	}
	for _, b := range m.Providers {
		if p, ok := providers[b.Labels[0]]; ok {
			checkBody(b.Body, p.Provider.Block, "provider "+b.Labels[0], report)
		} else {
			report.add("schema", b.DefRange(), "provider %q: no schema", b.Labels[0])
		}
	}
}

func checkBody(body *hclsyntax.Body, schema SchemaBlock, where string, report *Report) {
	for _, name := range sortedKeys(body.Attributes) {
		if _, ok := schema.Attributes[name]; !ok && !resourceMeta[name] {
			report.add("schema", body.Attributes[name].SrcRange, "%s has no argument %q", where, name)
		}
	}
	for name, a := range schema.Attributes {
		if _, set := body.Attributes[name]; a.Required && !set {
			report.add("schema", body.SrcRange, "%s: required argument %q is missing", where, name)
		}
	}
	for _, b := range body.Blocks {
		name, content := b.Type, b.Body
		if b.Type == "dynamic" && len(b.Labels) == 1 {
			name = b.Labels[0]
			for _, inner := range b.Body.Blocks {
				if inner.Type == "content" {
					content = inner.Body
				}
			}
		}
		if resourceMeta[name] {
			continue
		}
		nested, ok := schema.BlockTypes[name]
		if !ok {
			report.add("schema", b.DefRange(), "%s has no block %q", where, name)
			continue
		}
		checkBody(content, nested.Block, where+"."+name, report)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
