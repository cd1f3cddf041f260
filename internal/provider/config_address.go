package provider

// Terraform's plugin protocol never tells a provider the address of the
// resource it is working on. When the provider has to ask the user to import
// an existing object, the error is far more useful with the real address in
// its import block. The provider process runs with Terraform's working
// directory (the root module) as its current directory, so on that error path
// only, it reads the configuration there to find the one resource block that
// declares the conflicting value. Anything it cannot be sure of gives no
// address rather than a guess.

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// importBlockFor renders an HCL import block for the resource of resourceType
// whose attr is value, importing id. The address comes from the configuration
// in the current working directory when exactly one resource instance there
// matches; otherwise the block names a placeholder and says where Terraform
// shows the real address.
func importBlockFor(resourceType, attr, value, id string) string {
	dir, err := os.Getwd()
	if err != nil {
		dir = "" // No configuration to read: importBlockIn falls back to the placeholder.
	}
	return importBlockIn(dir, resourceType, attr, value, id)
}

// importBlockIn is importBlockFor reading the configuration rooted at dir.
func importBlockIn(dir, resourceType, attr, value, id string) string {
	to, ok := resourceAddressInConfig(dir, resourceType, attr, value)
	if !ok {
		// Terraform prints the resource's address in the diagnostic itself,
		// on the "with" line between the summary and this detail.
		to = resourceType + `.NAME # use the address Terraform prints after "with" above`
	}
	return "import {\n  to = " + to + "\n  id = " + hclQuote(id) + "\n}"
}

// resourceAddressInConfig returns the address of the one resource instance of
// type resourceType whose attribute attr evaluates to value in the Terraform
// configuration rooted at dir: the root module's files, and the child modules
// listed in Terraform's module manifest. ok is false when no instance or more
// than one matches, or when the configuration cannot be read.
func resourceAddressInConfig(dir, resourceType, attr, value string) (address string, ok bool) {
	if dir == "" {
		return "", false
	}
	// This runs while the provider reports an error. A panic on some
	// unforeseen configuration would crash the provider and hide that error,
	// so it only costs the address.
	defer func() {
		if recover() != nil {
			address, ok = "", false
		}
	}()

	r := &configReader{
		resourceType: resourceType,
		attr:         attr,
		dirs:         moduleDirs(dir),
		modules:      map[string]*moduleConfig{},
		parser:       hclparse.NewParser(),
	}
	var matches []string
	for _, key := range slices.Sorted(maps.Keys(r.dirs)) {
		prefix, definite := r.modulePrefix(key)
		if !definite {
			continue
		}
		mc := r.module(key)
		if mc == nil {
			continue
		}
		for _, name := range slices.Sorted(maps.Keys(mc.resources)) {
			for _, instance := range r.matchingInstances(mc.resources[name], value) {
				matches = append(matches, prefix+resourceType+"."+name+instance)
			}
		}
	}
	if len(matches) != 1 {
		return "", false
	}
	return matches[0], true
}

// configReader reads the modules of one configuration, each at most once.
type configReader struct {
	resourceType string
	attr         string
	dirs         map[string]string // module key ("" for the root, "a.b" for module.a.module.b) -> directory
	modules      map[string]*moduleConfig
	parser       *hclparse.Parser
}

// moduleConfig holds what matters of one module's files: the attributes of
// its resource blocks of the wanted type and of its module calls, by name.
type moduleConfig struct {
	resources map[string]hcl.Attributes
	calls     map[string]hcl.Attributes
}

// moduleManifest is the part of Terraform's .terraform/modules/modules.json
// that locates each installed module.
type moduleManifest struct {
	Modules []struct {
		Key string `json:"Key"`
		Dir string `json:"Dir"`
	} `json:"Modules"`
}

// moduleDirs maps each module key to its directory: the root module is dir
// itself, and child modules come from the manifest that terraform init
// writes into the data directory. Without a readable manifest only the root
// module is known.
func moduleDirs(dir string) map[string]string {
	dirs := map[string]string{"": dir}
	dataDir := filepath.Join(dir, ".terraform")
	if env := os.Getenv("TF_DATA_DIR"); env != "" {
		dataDir = env
		if !filepath.IsAbs(dataDir) {
			// Terraform reads it relative to its working directory, which is dir.
			dataDir = filepath.Join(dir, dataDir)
		}
	}
	raw, err := os.ReadFile(filepath.Join(dataDir, "modules", "modules.json"))
	if err != nil {
		return dirs
	}
	var manifest moduleManifest
	if json.Unmarshal(raw, &manifest) != nil {
		return dirs
	}
	for _, m := range manifest.Modules {
		if m.Key == "" || m.Dir == "" {
			continue
		}
		moduleDir := filepath.FromSlash(m.Dir)
		if !filepath.IsAbs(moduleDir) {
			moduleDir = filepath.Join(dir, moduleDir)
		}
		dirs[m.Key] = moduleDir
	}
	return dirs
}

// modulePrefix returns the address prefix of the module with the given key,
// such as "module.a.module.b." for "a.b". definite is false when the module
// or one of its ancestors is called with count or for_each, since its
// resources then have one address per instance that the configuration alone
// does not settle, or when a call cannot be found at all.
func (r *configReader) modulePrefix(key string) (prefix string, definite bool) {
	if key == "" {
		return "", true
	}
	names := strings.Split(key, ".")
	for i, name := range names {
		parent := r.module(strings.Join(names[:i], "."))
		if parent == nil {
			return "", false
		}
		call, found := parent.calls[name]
		if !found || call["count"] != nil || call["for_each"] != nil {
			return "", false
		}
		prefix += "module." + name + "."
	}
	return prefix, true
}

// module returns the configuration of the module with the given key, or nil
// when the manifest does not list it or its directory cannot be read.
func (r *configReader) module(key string) *moduleConfig {
	if mc, done := r.modules[key]; done {
		return mc
	}
	var mc *moduleConfig
	if dir, listed := r.dirs[key]; listed {
		mc = r.readModule(dir)
	}
	r.modules[key] = mc
	return mc
}

// fileSchema picks the blocks of a configuration file that matter here.
var fileSchema = &hcl.BodySchema{
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "resource", LabelNames: []string{"type", "name"}},
		{Type: "module", LabelNames: []string{"name"}},
	},
}

// readModule reads the configuration files directly in dir the way Terraform
// loads a module: *.tf and *.tf.json files, with override files merged into
// the blocks they override afterwards. A file that does not parse is skipped,
// so one broken file does not hide the others.
func (r *configReader) readModule(dir string) *moduleConfig {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	mc := &moduleConfig{resources: map[string]hcl.Attributes{}, calls: map[string]hcl.Attributes{}}
	var primary, overrides []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !isConfigFile(name) {
			continue
		}
		if isOverrideFile(name) {
			overrides = append(overrides, filepath.Join(dir, name))
		} else {
			primary = append(primary, filepath.Join(dir, name))
		}
	}
	for _, file := range primary {
		r.readFile(file, mc, false)
	}
	for _, file := range overrides {
		r.readFile(file, mc, true)
	}
	return mc
}

// readFile adds the resource blocks of the wanted type and the module calls
// of one file to mc. In an override file, attributes replace those of the
// block with the same name, as Terraform merges them.
func (r *configReader) readFile(path string, mc *moduleConfig, override bool) {
	var file *hcl.File
	var diags hcl.Diagnostics
	if strings.HasSuffix(path, ".json") {
		file, diags = r.parser.ParseJSONFile(path)
	} else {
		file, diags = r.parser.ParseHCLFile(path)
	}
	if diags.HasErrors() || file == nil || file.Body == nil {
		return
	}
	// Blocks this schema does not describe are left alone; blocks that are
	// malformed are reported in diagnostics and left out of content.
	content, _, _ := file.Body.PartialContent(fileSchema)
	if content == nil {
		return
	}
	for _, block := range content.Blocks {
		switch {
		case block.Type == "resource" && len(block.Labels) == 2 && block.Labels[0] == r.resourceType:
			addBlock(mc.resources, block.Labels[1], blockAttributes(block.Body, r.attr, "count", "for_each"), override)
		case block.Type == "module" && len(block.Labels) == 1:
			addBlock(mc.calls, block.Labels[0], blockAttributes(block.Body, "count", "for_each"), override)
		}
	}
}

// addBlock records the attributes of a block under its name. An override
// only changes a block that a primary file declares; on its own it declares
// nothing.
func addBlock(blocks map[string]hcl.Attributes, name string, attrs hcl.Attributes, override bool) {
	if attrs == nil {
		return
	}
	base, declared := blocks[name]
	if !override {
		if !declared {
			blocks[name] = attrs
		}
		return
	}
	if declared {
		for k, v := range attrs {
			base[k] = v
		}
	}
}

// blockAttributes returns the named attributes that body sets, or nil when
// the body is malformed.
func blockAttributes(body hcl.Body, names ...string) hcl.Attributes {
	schema := &hcl.BodySchema{}
	for _, name := range names {
		if !slices.ContainsFunc(schema.Attributes, func(a hcl.AttributeSchema) bool { return a.Name == name }) {
			schema.Attributes = append(schema.Attributes, hcl.AttributeSchema{Name: name})
		}
	}
	content, _, diags := body.PartialContent(schema)
	if diags.HasErrors() || content == nil {
		return nil
	}
	if content.Attributes == nil {
		return hcl.Attributes{}
	}
	return content.Attributes
}

// matchingInstances returns the instance keys of a resource whose attribute
// evaluates to value: "" for a resource without count or for_each, `["key"]`
// for each matching instance of a for_each resource. Resources with count are
// skipped, as their instances are not told apart by name.
func (r *configReader) matchingInstances(attrs hcl.Attributes, value string) []string {
	expr := attrs[r.attr]
	if expr == nil || attrs["count"] != nil {
		return nil
	}
	forEach := attrs["for_each"]
	if forEach == nil {
		if got, known := evalString(expr.Expr, evalContext(nil)); known && got == value {
			return []string{""}
		}
		return nil
	}
	instances, known := forEachInstances(forEach.Expr)
	if !known {
		return nil
	}
	var matches []string
	for _, key := range slices.Sorted(maps.Keys(instances)) {
		each := cty.ObjectVal(map[string]cty.Value{"key": cty.StringVal(key), "value": instances[key]})
		if got, known := evalString(expr.Expr, evalContext(&each)); known && got == value {
			matches = append(matches, "["+hclQuote(key)+"]")
		}
	}
	return matches
}

// forEachInstances evaluates a for_each expression to its instances, each
// key mapped to each.value: a map or object gives its elements, a set of
// strings gives each string as both key and value. known is false for
// anything else, including expressions that need variables or resources.
func forEachInstances(expr hcl.Expression) (instances map[string]cty.Value, known bool) {
	v, diags := expr.Value(evalContext(nil))
	if diags.HasErrors() || v.ContainsMarked() || !v.IsWhollyKnown() || v.IsNull() {
		return nil, false
	}
	instances = map[string]cty.Value{}
	ty := v.Type()
	switch {
	case ty.IsMapType() || ty.IsObjectType():
		for it := v.ElementIterator(); it.Next(); {
			k, elem := it.Element()
			instances[k.AsString()] = elem
		}
	case ty.IsSetType() && ty.ElementType() == cty.String:
		for it := v.ElementIterator(); it.Next(); {
			_, elem := it.Element()
			if elem.IsNull() {
				return nil, false
			}
			instances[elem.AsString()] = elem
		}
	case ty.IsSetType() && v.LengthInt() == 0:
		// toset([]) has an element type of its own, and no instances.
	default:
		return nil, false
	}
	return instances, true
}

// evalString evaluates expr to a string, as Terraform converts a string
// attribute's value. known is false when the expression cannot be evaluated
// from the configuration alone.
func evalString(expr hcl.Expression, ctx *hcl.EvalContext) (s string, known bool) {
	v, diags := expr.Value(ctx)
	if diags.HasErrors() || v.ContainsMarked() || !v.IsWhollyKnown() || v.IsNull() {
		return "", false
	}
	v, err := convert.Convert(v, cty.String)
	if err != nil || v.IsNull() {
		return "", false
	}
	return v.AsString(), true
}

// evalFunctions are the few Terraform functions a unique name or a for_each
// written with literals commonly uses. Any other function fails evaluation,
// and so gives no match.
var evalFunctions = map[string]function.Function{
	"toset":  stdlib.MakeToFunc(cty.Set(cty.DynamicPseudoType)),
	"tolist": stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)),
	"tomap":  stdlib.MakeToFunc(cty.Map(cty.DynamicPseudoType)),
	"lower":  stdlib.LowerFunc,
	"upper":  stdlib.UpperFunc,
	"format": stdlib.FormatFunc,
}

// evalContext has no variables, so a reference to a variable, local or
// resource fails to evaluate rather than being guessed, except each when
// each is not nil.
func evalContext(each *cty.Value) *hcl.EvalContext {
	ctx := &hcl.EvalContext{Functions: evalFunctions}
	if each != nil {
		ctx.Variables = map[string]cty.Value{"each": *each}
	}
	return ctx
}

// isConfigFile reports whether Terraform loads the file name as
// configuration, leaving out the hidden and editor backup files it ignores.
func isConfigFile(name string) bool {
	if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") {
		return false
	}
	return strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json")
}

// isOverrideFile reports whether Terraform merges the file name into the
// other files of its module instead of loading it on its own.
func isOverrideFile(name string) bool {
	base := strings.TrimSuffix(strings.TrimSuffix(name, ".json"), ".tf")
	return base == "override" || strings.HasSuffix(base, "_override")
}

// hclQuote quotes s as an HCL string literal, the way Terraform prints a
// string instance key: JSON-like escapes, plus doubled $ and % before { so
// that the result does not read as a template.
func hclQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case (r == '$' || r == '%') && strings.HasPrefix(s[i+1:], "{"):
			b.WriteRune(r)
			b.WriteRune(r)
		case !unicode.IsPrint(r) && r > 0xFFFF:
			fmt.Fprintf(&b, `\U%08x`, r)
		case !unicode.IsPrint(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
