package dashboard_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestCaptureErrorsInTheAPIsShape: a capture URL's errors are the API's,
// its keys in the API's order. They were written from a map, so the keys
// came out sorted (code, message, param, type), unlike every answer of
// the API, and without the API's closing newline.
func TestCaptureErrorsInTheAPIsShape(t *testing.T) {
	e := startEnv(t, envOptions{})
	keys := func(body string) string {
		var names []string
		for _, m := range regexp.MustCompile(`"([a-z_]+)":`).FindAllStringSubmatch(body, -1) {
			names = append(names, m[1])
		}
		return strings.Join(names, ",")
	}
	st, apiBody := e.Do(t, "GET", "/v1/webhook_endpoints/ep_"+strings.Repeat("0", 26), e.APIKey, nil)
	if st != http.StatusNotFound {
		t.Fatalf("the API's unknown endpoint = %d %s", st, apiBody)
	}
	st, body := send(t, "POST", e.URL+"/inspect/"+strings.Repeat("x", 43), "{}", nil)
	if st != http.StatusNotFound {
		t.Fatalf("an unknown inspector = %d %s", st, body)
	}
	if got, want := keys(body), keys(string(apiBody)); got != want || want != "error,type,code,message,param" {
		t.Errorf("an unknown inspector's error has its keys in the order %s; the API's: %s", got, want)
	}
	if !strings.HasSuffix(body, "}\n") || !strings.HasSuffix(string(apiBody), "}\n") {
		t.Errorf("not ended as the API ends an answer:\n%q\n%q", body, apiBody)
	}
}
