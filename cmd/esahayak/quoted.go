package main

// inQuotes reports whether a secret, as read (spaces around it trimmed),
// is wrapped in a pair of matching quotes: "…" or '…'. An env file read
// by `docker run --env-file` (or by a tool that, like it, takes each line
// as it stands) keeps an ESAHAYAK_OPERATOR_TOKEN="…" line's quotes, and a
// shell's quotes typed inside another pair do the same. The quotes were
// then part of the secret: serve started with a token that no client
// given the token sends, so every operator move was 401 ("neither an API
// key nor the operator token"), and listen and trigger sent a key the
// server called "not valid", with nothing pointing at the quotes. No API
// key has a quote, and no token worth keeping begins and ends with one.
func inQuotes(s string) bool {
	return len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0]
}

// quotedSecretMistake is the refusal of a secret in quotes, by its flag
// (which withEnvNames names with its variable when it came from one). It
// never quotes the secret.
func quotedSecretMistake(flag string) string {
	return flag + " is in quotes, which would be taken as part of it (an env file read by docker run --env-file keeps a line's quotes): give it without them"
}
