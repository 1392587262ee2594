package webhook_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"maps"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestDocsGoSnippetsCompile type-checks the Go receivers that README.md
// ("Receiving webhooks") and docs/receiving.md ("Go: package webhook") show
// a reader to copy, against this package as it is: a function renamed or a
// signature changed here left the docs' code failing to build in the
// reader's hands, and no test ran it. Each block becomes the body of a main
// function; the functions it calls that stand for the reader's own code
// (markCompleted, notifyDelay) are declared beside it.
func TestDocsGoSnippetsCompile(t *testing.T) {
	t.Parallel()
	fset := token.NewFileSet()
	imp := exportDataImporter(t, fset, slices.Collect(maps.Keys(snippetImports)))
	for _, doc := range []struct{ file, section string }{
		{"../README.md", "## Receiving webhooks"},
		{"../docs/receiving.md", "## Go: package `webhook`"},
	} {
		src, err := os.ReadFile(doc.file)
		if err != nil {
			t.Fatal(err)
		}
		_, section, ok := strings.Cut(string(src), "\n"+doc.section+"\n")
		if !ok {
			t.Fatalf("%s has no %q section", doc.file, doc.section)
		}
		if i := strings.Index(section, "\n## "); i >= 0 {
			section = section[:i]
		}
		blocks := regexp.MustCompile("(?s)\n```go\n(.*?)\n```").FindAllStringSubmatch(section, -1)
		if len(blocks) == 0 {
			t.Fatalf("%s's %q section has no go block", doc.file, doc.section)
		}
		for i, b := range blocks {
			if err := typeCheckSnippet(t, fset, imp, b[1]); err != nil {
				t.Errorf("%s, %q, go block %d does not compile against package webhook: %v\n%s", doc.file, doc.section, i+1, err, b[1])
			}
		}
	}
}

// snippetImports are the packages the docs' receivers use, each with a name
// it declares: the wrapper uses every one once, so that a block that needs
// fewer still compiles.
var snippetImports = map[string]string{
	"context":                              "context.Background",
	"log":                                  "log.Fatal",
	"net/http":                             "http.Handle",
	"os":                                   "os.Getenv",
	"strings":                              "strings.Split",
	"time":                                 "time.Second",
	"github.com/esahayak/esahayak/webhook": "webhook.NewVerifier",
}

var importLine = regexp.MustCompile(`^import "([^"]+)"$`)

// typeCheckSnippet wraps a docs block in a main package and type-checks it.
func typeCheckSnippet(t *testing.T, fset *token.FileSet, imp types.Importer, block string) error {
	t.Helper()
	var body []string
	for _, line := range strings.Split(block, "\n") {
		// A block may start with the import a reader adds to its file.
		if m := importLine.FindStringSubmatch(line); m != nil {
			if _, ok := snippetImports[m[1]]; !ok {
				t.Fatalf("a docs block imports %s: add it to snippetImports", m[1])
			}
			continue
		}
		body = append(body, line)
	}
	var src strings.Builder
	src.WriteString("package main\n\nimport (\n")
	for path := range snippetImports {
		src.WriteString("\t\"" + path + "\"\n")
	}
	src.WriteString(")\n\n")
	for _, use := range snippetImports {
		src.WriteString("var _ = " + use + "\n")
	}
	src.WriteString(`
// The reader's own code, which the docs call.
func markCompleted(ctx context.Context, ids ...string) error { return nil }
func notifyDelay(ctx context.Context, orderID, message string) error { return nil }

func main() {
` + strings.Join(body, "\n") + "\n}\n")

	f, err := parser.ParseFile(fset, "snippet.go", src.String(), 0)
	if err != nil {
		return err
	}
	conf := types.Config{Importer: imp}
	_, err = conf.Check("main", fset, []*ast.File{f}, nil)
	return err
}

// exportDataImporter imports paths from the export data the go command
// builds for them (one go list for all, from its build cache after the
// first run): package webhook as this module has it, and the standard
// library.
func exportDataImporter(t *testing.T, fset *token.FileSet, paths []string) types.Importer {
	t.Helper()
	args := append([]string{"list", "-export", "-f", "{{.ImportPath}} {{.Export}}"}, paths...)
	out, err := exec.CommandContext(t.Context(), "go", args...).Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("go list -export: %v\n%s", err, stderr)
	}
	export := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		path, file, _ := strings.Cut(line, " ")
		export[path] = file
	}
	return importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		file, ok := export[path]
		if !ok || file == "" {
			t.Fatalf("go list gave no export data for %s", path)
		}
		return os.Open(file)
	})
}
