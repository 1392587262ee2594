package dashboard_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// The orders list had a column "Delivery" whose cells read "requested":
// on a dashboard about webhook deliveries (a Deliveries page, delivery
// ids, Resend), it read as a webhook delivery asked for, where it is the
// stamp's physical delivery, as the order's own page says it ("Physical
// delivery"). The list names it as the order's page does, in its head and
// in the label its cells show on a phone.
func TestOrdersListNamesThePhysicalDelivery(t *testing.T) {
	e := startEnv(t, envOptions{})
	if st, body := e.Do(t, "POST", "/v1/orders", e.APIKey, `{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}, "delivery_requested": true}`); st != 201 {
		t.Fatalf("create order: %d %s", st, body)
	}
	b := e.signedIn(t)
	list := b.get("/dashboard/orders")
	if list.Status != http.StatusOK {
		t.Fatalf("orders = %d", list.Status)
	}
	heads := regexp.MustCompile(`<th scope="col"[^>]*>([^<]*)</th>`).FindAllStringSubmatch(list.Body, -1)
	var names []string
	for _, h := range heads {
		names = append(names, h[1])
	}
	if strings.Contains(strings.Join(names, "|"), "|Delivery|") || !contains(names, "Physical delivery") {
		t.Errorf("the orders list's columns are %q; want the stamp's delivery named \"Physical delivery\", as the order's page names it", names)
	}
	if !strings.Contains(list.Body, `<td data-label="Physical delivery">requested</td>`) {
		t.Errorf("an order with delivery requested does not show it under \"Physical delivery\":\n%.2000s", list.Body[strings.Index(list.Body, "<tbody>"):])
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// The orders' status filter had no Clear, which the deliveries' filters
// have: a list filtered to a status with no orders ("No orders with
// status FAILED yet.") led nowhere but back through the select. It now
// has one, as the deliveries' filters do, leading to the unfiltered list.
func TestOrdersFilterCanBeCleared(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	r := b.get("/dashboard/orders?status=FAILED")
	if r.Status != http.StatusOK {
		t.Fatalf("orders = %d", r.Status)
	}
	form := r.Body[strings.Index(r.Body, `<form method="get" action="/dashboard/orders"`):]
	form = form[:strings.Index(form, "</form>")]
	if !regexp.MustCompile(`<a href="/dashboard/orders"[^>]*>Clear</a>`).MatchString(form) {
		t.Errorf("the orders' filter has no Clear leading to every order:\n%s", form)
	}
}
