package dashboard

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

// apiError is an error answer of the JSON API, kept whole so that a page
// can show the API's own message next to the field it names.
type apiError struct {
	Status  int
	Code    string
	Message string
	Param   string
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

// callAPI serves one API request in-process on behalf of the session's
// account and decodes its JSON answer into out (when not nil). A 4xx or
// 5xx answer comes back as *apiError.
func (d *Dashboard) callAPI(r *http.Request, s *session, method, path string, body, out any) error {
	var rd io.Reader = http.NoBody
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(r.Context(), method, path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.RemoteAddr = r.RemoteAddr
	req.Host = r.Host
	rec := &recorder{header: http.Header{}}
	d.api.ServeAccount(rec, req, s.AccountID)
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	if rec.status >= 400 {
		var e struct {
			Error struct{ Code, Message, Param string }
		}
		if err := json.Unmarshal(rec.body.Bytes(), &e); err != nil || e.Error.Message == "" {
			return fmt.Errorf("API %s %s answered %d: %.200s", method, path, rec.status, rec.body.String())
		}
		return &apiError{Status: rec.status, Code: e.Error.Code, Message: e.Error.Message, Param: e.Error.Param}
	}
	if out != nil {
		if err := json.Unmarshal(rec.body.Bytes(), out); err != nil {
			return fmt.Errorf("API %s %s: decode answer: %w", method, path, err)
		}
	}
	return nil
}

// recorder is the http.ResponseWriter of an in-process API call.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}

// Resources of the API the dashboard reads back.
type apiEndpoint struct {
	ID     string   `json:"id"`
	URL    string   `json:"url"`
	Events []string `json:"events"`
	Secret string   `json:"secret"`
}

// apiSecret holds the expiry times as times, not the API's strings, so that
// the page shows them like every other time (the template's time helper).
type apiSecret struct {
	Secret                  string    `json:"secret"`
	PreviousSecret          string    `json:"previous_secret"`
	PreviousSecretExpiresAt time.Time `json:"previous_secret_expires_at"`
	OlderSecrets            []struct {
		Secret    string    `json:"secret"`
		ExpiresAt time.Time `json:"expires_at"`
	} `json:"older_secrets"`
}

type apiTestResult struct {
	EventID  string `json:"event_id"`
	Type     string `json:"type"`
	Delivery *struct {
		ID string `json:"id"`
	} `json:"delivery"`
}

type apiRecoverResult struct {
	Recovered int    `json:"recovered"`
	Missed    int    `json:"missed"`
	NextSince string `json:"next_since"`
}
