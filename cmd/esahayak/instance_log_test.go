package main_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestEveryLogLineNamesTheInstance: with several instances logging into
// one place, each line must say whose it is. Only the "serving" line did;
// the engine's, the store's and the API's said nothing.
func TestEveryLogLineNamesTheInstance(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			db := "sqlite:" + filepath.Join(t.TempDir(), "i.db")
			_, key := createAccount(t, db)
			rcv := newReceiver(t, 0)
			p := startServe(t, "--db", db, "--instance-id", "x1", "--log-level", "debug", "--log-format", format)
			mustCall(t, p.base, "POST", "/v1/webhook_endpoints", key, `{"url": "`+rcv.srv.URL+`/a"}`, 201)
			var o struct{ ID string }
			json.Unmarshal(mustCall(t, p.base, "POST", "/v1/orders", key, fmt.Sprintf(orderBody, false), 201), &o)
			mustCall(t, p.base, "POST", "/v1/orders/"+o.ID+"/upload", "op", "", 200)
			testenv.Eventually(t, 30*time.Second, "the engine's delivery attempt line", func() bool {
				return strings.Contains(p.output(), "delivery attempt")
			})
			lines := 0
			for _, line := range strings.Split(p.output(), "\n") {
				var once bool
				switch {
				case format == "text" && strings.HasPrefix(line, "time="):
					once = strings.Count(line, " instance=") == 1 && strings.Contains(line, " instance=x1 ")
				case format == "json" && strings.HasPrefix(line, "{"):
					var m map[string]any
					once = json.Unmarshal([]byte(line), &m) == nil && m["instance"] == "x1" && strings.Count(line, `"instance":`) == 1
				default:
					continue // the first start's printout, on stdout
				}
				lines++
				if !once {
					t.Errorf("a log line does not carry the instance once:\n%s", line)
				}
			}
			// The "serving" line names the release too, for a log read
			// away from the first start's stdout.
			if want := map[string]string{"text": " msg=serving instance=x1 version=0.", "json": `"msg":"serving","instance":"x1","version":"0.`}[format]; !strings.Contains(p.output(), want) {
				t.Errorf("no %q in the log:\n%s", want, p.output())
			}
			if lines < 2 { // "serving" and the attempt, at least
				t.Fatalf("only %d log lines:\n%s", lines, p.output())
			}
		})
	}
}
