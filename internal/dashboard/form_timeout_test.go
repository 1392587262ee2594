package dashboard_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestSlowFormSaysItDidNotArrive: a form whose body stopped arriving (a
// connection that stalled until the server's read deadline, here the 2 s
// a body still arriving gets at shutdown) was answered "The request could
// not be read.", as a form of garbage is, which tells the person nothing
// they can act on; it now says that the form did not arrive in time and
// to send it again (still a 400: nothing was done).
func TestSlowFormSaysItDidNotArrive(t *testing.T) {
	t.Parallel()
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	token := b.csrf("/dashboard/settings/api-access")
	conn, err := net.Dial("tcp", strings.TrimPrefix(e.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(20 * time.Second))
	var cookies []string
	for _, c := range b.cookies {
		cookies = append(cookies, c.Name+"="+c.Value)
	}
	part := "csrf=" + token + "&name=slow"
	head := "POST /dashboard/settings/api-keys HTTP/1.1\r\nHost: " + strings.TrimPrefix(e.URL, "http://") +
		"\r\nContent-Type: application/x-www-form-urlencoded\r\nCookie: " + strings.Join(cookies, "; ") +
		"\r\nContent-Length: 1000\r\n\r\n"
	if _, err := io.WriteString(conn, head+part); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond) // the handler is reading the body
	e.API.StopReadingBodies()
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "The form did not arrive in time") {
		t.Errorf("a form that stopped arriving: %d\n%.3000s", resp.StatusCode, body)
	}
	// Nothing was done: no key named "slow".
	if r := b.get("/dashboard/settings/api-access"); strings.Contains(r.Body, ">slow<") {
		t.Errorf("a key was made from a form that did not arrive")
	}
}
