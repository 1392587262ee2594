package main

// inQuotes reports whether a value, as read (ASCII spaces around it
// trimmed), is wrapped in a pair of matching quotes: "…" or '…'. An env
// file read by `docker run --env-file` (or by another tool that, like it,
// takes each line as it stands) keeps an ESAHAYAK_OPERATOR_TOKEN="…"
// line's quotes, and a shell's quotes typed inside another pair do the
// same. The quotes were then part of the value: serve started with a
// token that no client given the token sends, so every operator move was
// 401 ("neither an API key nor the operator token"), and listen and
// trigger sent a key the server called "not valid", with nothing pointing
// at the quotes; other values were refused for what the quotes made of
// them ("\"127.0.0.1" ends in a number but is not an IP address", and a
// --forward-to suggestion of "http:3000//localhost:3000/…"). No value
// of these commands begins and ends with a quote: no address, URL,
// duration, number, id, key or token worth keeping.
func inQuotes(s string) bool {
	s = trimText(s)
	return len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0]
}

// quotedMistake is the refusal of a value in quotes, by its flag (which
// withEnvNames names with its variable when it came from one). It never
// quotes the value, which may be a secret.
func quotedMistake(flag string) string {
	return flag + " is in quotes, which would be taken as part of its value (an env file read by docker run --env-file keeps a line's quotes): give it without them"
}
