package order

import "testing"

// TestNamesIgnoreASCIISpacing pins what docs/api.md says of state and
// provider: any ASCII case, ASCII white space around (and, for a state,
// between) the words ignored, the canonical spelling stored; a Unicode
// space, a look-alike, is not white space here.
func TestNamesIgnoreASCIISpacing(t *testing.T) {
	if got, ok := CanonicalState(" Tamil   Nadu \t"); !ok || got != "Tamil Nadu" {
		t.Errorf(`CanonicalState(" Tamil   Nadu \t") = %q, %v`, got, ok)
	}
	if got, ok := CanonicalProvider(" nesl "); !ok || got != "NESL" {
		t.Errorf(`CanonicalProvider(" nesl ") = %q, %v`, got, ok)
	}
	if _, ok := CanonicalProvider("n esl"); ok {
		t.Error(`CanonicalProvider("n esl") accepted: only white space around the name is ignored`)
	}
	if _, ok := CanonicalState("Tamil\u00a0Nadu"); ok {
		t.Error("a no-break space was taken as white space")
	}
}
