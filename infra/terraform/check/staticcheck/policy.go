package main

// Policy rules: encryption at rest on every data store; no ingress from the internet but the gateway's
// HTTPS 443 and the media edges' UDP port; deletion protection in prod; pinned versions.

import (
	"path/filepath"
	"regexp"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Data stores and the argument (path of blocks, then argument) that must be literally true or set.
var encryptionAtRest = map[string][]string{
	"aws_db_instance":                   {"storage_encrypted=true"},
	"aws_elasticache_replication_group": {"at_rest_encryption_enabled=true"},
	"aws_msk_cluster":                   {"encryption_info", "encryption_at_rest_kms_key_arn"},
	"aws_dynamodb_table":                {"server_side_encryption", "enabled=true"},
	"aws_secretsmanager_secret":         {"kms_key_id"},
	"aws_launch_template":               {"block_device_mappings", "ebs", "encrypted=true"},
}

// Arguments that protect a resource from deletion.
var deletionProtection = map[string]string{
	"aws_db_instance":    "deletion_protection",
	"aws_lb":             "enable_deletion_protection",
	"aws_dynamodb_table": "deletion_protection_enabled",
}

var publicCIDR = regexp.MustCompile(`^(0\.0\.0\.0/0|::/0)$`)
var exactVersion = regexp.MustCompile(`^=?\s*\d+\.\d+\.\d+$`)

func checkEncryption(m *Module, report *Report) {
	for _, key := range sortedKeys(m.Resources) {
		b := m.Resources[key]
		path, ok := encryptionAtRest[b.Labels[0]]
		if !ok {
			continue
		}
		body := b.Body
		for _, step := range path[:len(path)-1] {
			body = firstBlock(body, step)
			if body == nil {
				break
			}
		}
		last := strings.SplitN(path[len(path)-1], "=", 2)
		ok = body != nil
		if ok {
			_, set := body.Attributes[last[0]]
			v, isLiteral := literal(body, last[0])
			ok = set && (len(last) == 1 || (isLiteral && v == last[1]))
		}
		if !ok {
			report.add("policy", b.DefRange(), "encryption at rest: %s must set %s", key, strings.Join(path, "."))
		}
	}
}

func firstBlock(body *hclsyntax.Body, name string) *hclsyntax.Body {
	for _, b := range body.Blocks {
		if b.Type == name || (b.Type == "dynamic" && len(b.Labels) == 1 && b.Labels[0] == name) {
			return b.Body
		}
	}
	return nil
}

// checkPublicIngress: a public CIDR may appear only as an egress rule, a default route, or an ingress rule
// on TCP 443 (the gateway) or UDP var.media_port (the media edges).
func checkPublicIngress(m *Module, report *Report) {
	allowed := func(b *hclsyntax.Block) bool {
		switch b.Labels[0] {
		case "aws_vpc_security_group_egress_rule", "aws_route":
			return true
		case "aws_vpc_security_group_ingress_rule":
			proto, _ := literal(b.Body, "ip_protocol")
			from, to := b.Body.Attributes["from_port"], b.Body.Attributes["to_port"]
			if from == nil || to == nil {
				return false
			}
			if proto == "tcp" && exprText(from) == "443" && exprText(to) == "443" {
				return true
			}
			return proto == "udp" && exprText(from) == "var.media_port" && exprText(to) == "var.media_port"
		}
		return false
	}
	for _, body := range m.Bodies {
		for _, b := range body.Blocks {
			ok := b.Type == "resource" && allowed(b)
			hclsyntax.VisitAll(b.Body, func(n hclsyntax.Node) hcl.Diagnostics {
				if lit, isLit := n.(*hclsyntax.TemplateExpr); isLit && lit.IsStringLiteral() {
					v, _ := lit.Value(nil)
					if publicCIDR.MatchString(v.AsString()) && !ok {
						report.add("policy", lit.SrcRange, "public ingress: %s outside the gateway's 443 and the edges' media port (in %s %s)", v.AsString(), b.Type, strings.Join(b.Labels, "."))
					}
				}
				return nil
			})
		}
	}
}

// checkDeletionProtection walks the module tree from a prod root: module arguments named
// deletion_protection must be true at the root and passed through below it, and every protectable
// resource must take that value (or a literal true).
func checkDeletionProtection(m *Module, modules map[string]*Module, root bool, report *Report) {
	for _, key := range sortedKeys(m.Resources) {
		b := m.Resources[key]
		arg, ok := deletionProtection[b.Labels[0]]
		if !ok {
			continue
		}
		a, set := b.Body.Attributes[arg]
		v, _ := literal(b.Body, arg)
		if !set || (v != "true" && (root || exprText(a) != "var.deletion_protection")) {
			report.add("policy", b.DefRange(), "deletion protection in prod: %s must set %s (true, or var.deletion_protection passed down as true)", key, arg)
		}
	}
	for _, name := range sortedKeys(m.Calls) {
		call := m.Calls[name]
		dir, ok := localSource(m, call)
		child := modules[dir]
		if !ok || child == nil {
			continue
		}
		if _, declared := child.Variables["deletion_protection"]; declared {
			a, set := call.Body.Attributes["deletion_protection"]
			v, _ := literal(call.Body, "deletion_protection")
			if !set || (root && v != "true") || (!root && v != "true" && exprText(a) != "var.deletion_protection") {
				report.add("policy", call.DefRange(), "deletion protection in prod: module %q must get deletion_protection = true", name)
			}
		}
		checkDeletionProtection(child, modules, false, report)
	}
}

// checkVersions: a root pins Terraform and every provider exactly, to the version of the schema the check
// uses; a module names each provider's source with a lower bound; module sources are local or versioned.
func checkVersions(m *Module, root bool, providers map[string]*Provider, report *Report) {
	var required *hclsyntax.Body
	for _, t := range m.Terraform {
		if v, ok := t.Body.Attributes["required_version"]; ok {
			if s, _ := literal(t.Body, "required_version"); root && !exactVersion.MatchString(s) {
				report.add("policy", v.SrcRange, "pinned versions: required_version %q is not one exact version", s)
			}
		} else {
			report.add("policy", t.DefRange(), "pinned versions: no required_version")
		}
		if b := firstBlock(t.Body, "required_providers"); b != nil {
			required = b
		}
	}
	if required == nil && (len(m.Resources) > 0 || len(m.Data) > 0 || len(m.Providers) > 0) {
		report.add("policy", hcl.Range{Filename: filepath.Join(m.Dir, "versions.tf")}, "pinned versions: no required_providers")
	}
	if required != nil {
		for name, a := range required.Attributes {
			v, diags := a.Expr.Value(nil)
			if diags.HasErrors() || !v.Type().IsObjectType() || !v.Type().HasAttribute("source") || !v.Type().HasAttribute("version") {
				report.add("policy", a.SrcRange, "pinned versions: provider %q needs source and version", name)
				continue
			}
			version := v.GetAttr("version").AsString()
			if root && !exactVersion.MatchString(version) {
				report.add("policy", a.SrcRange, "pinned versions: provider %q version %q is not one exact version", name, version)
			}
			if p, ok := providers[name]; root && ok && strings.TrimLeft(version, "= ") != p.Version {
				report.add("policy", a.SrcRange, "pinned versions: provider %q is pinned to %s but the schema checked is %s", name, version, p.Version)
			}
		}
	}
	for name, call := range m.Calls {
		if _, local := localSource(m, call); !local {
			if _, versioned := call.Body.Attributes["version"]; !versioned {
				report.add("policy", call.DefRange(), "pinned versions: module %q comes from a registry without a version", name)
			}
		}
	}
}
