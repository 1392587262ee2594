package dashboard

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strconv"
	"strings"
	"time"
)

// Charts are drawn on the server as inline SVG: no script, no library,
// readable without JavaScript, styled by app.css through class names (the
// Content Security Policy allows no inline styles).

type chartKind int

const (
	chartLine chartKind = iota
	chartBars
)

type chartPoint struct {
	Start time.Time
	Value float64
	Has   bool // false: no attempt in the bucket, so no rate to draw
}

type chart struct {
	Title  string
	Unit   string // "%", " ms" or ""
	Kind   chartKind
	Max    float64 // fixed top of the scale (100 for rates); 0 scales to the data
	Points []chartPoint
	Step   time.Duration
	Class  string // colour class of the series
}

// The chart's drawing units. The SVG scales to its card: at a phone's
// width a unit is about half a CSS pixel, on a wide screen four fifths,
// so app.css sizes the labels per width (16 to 22 units), and the space
// left for them is reckoned for the largest.
const (
	chartW, chartH              = 640, 200
	padRight, padTop, padBottom = 12, 18, 36
	labelUnits                  = 22 // the largest label font size app.css sets, in units
	minPadLeft                  = 40
	labelGap                    = 8 // between a y label and the plot
	timeLabelBaseline           = 6 // from the bottom edge
)

// labelEms is how wide a label is drawn, in ems: a character's width in
// a wide sans-serif (DejaVu Sans: digits 0.64, "%" 0.95), and a tenth
// more for fonts wider still.
func labelEms(s string) float64 {
	w := 0.0
	for _, r := range s {
		switch {
		case r == '%':
			w += 1.0
		case r == ' ' || r == '.':
			w += 0.34
		default:
			w += 0.64
		}
	}
	return w * 1.1
}

// leftPad is the room the y-axis labels need: their widest, at the
// largest font size, so that "2.5 s" is never cut to ".5 s".
func leftPad(labels []string) int {
	widest := 0.0
	for _, l := range labels {
		widest = max(widest, labelEms(l))
	}
	return max(minPadLeft, int(math.Ceil(widest*labelUnits))+labelGap)
}

// SVG renders the chart.
func (c chart) SVG() template.HTML {
	plotH := float64(chartH - padTop - padBottom)
	top := c.Max
	have := 0
	for _, p := range c.Points {
		if p.Has {
			have++
			if c.Max == 0 && p.Value > top {
				top = p.Value
			}
		}
	}
	if c.Max == 0 {
		top = niceCeil(top)
	}
	fracs := []float64{0, 0.5, 1}
	if c.Unit == "" && top*0.5 != math.Trunc(top*0.5) {
		fracs = []float64{0, 1} // counts: no "0.5 retries"
	}
	labels := make([]string, len(fracs))
	for i, f := range fracs {
		labels[i] = formatValue(top*f, c.Unit)
	}
	padLeft := leftPad(labels)
	plotW := float64(chartW - padLeft - padRight)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart %s" viewBox="0 0 %d %d" role="img" aria-label="%s">`, c.Class, chartW, chartH,
		html.EscapeString(c.Title+": "+c.summary()))
	fmt.Fprintf(&b, `<title>%s</title>`, html.EscapeString(c.Title))
	// Horizontal grid with labels at 0, half and top.
	for i, f := range fracs {
		y := float64(padTop) + plotH*(1-f)
		fmt.Fprintf(&b, `<line class="chart-grid" x1="%d" y1="%.1f" x2="%d" y2="%.1f"/>`, padLeft, y, chartW-padRight, y)
		// dominant-baseline centres the label on its grid line at any font size.
		fmt.Fprintf(&b, `<text class="chart-label" x="%d" y="%.1f" text-anchor="end" dominant-baseline="central">%s</text>`,
			padLeft-labelGap, y, html.EscapeString(labels[i]))
	}
	n := len(c.Points)
	if n == 0 {
		b.WriteString(`</svg>`)
		return template.HTML(b.String())
	}
	slot := plotW / float64(n)
	x := func(i int) float64 { return float64(padLeft) + slot*(float64(i)+0.5) }
	y := func(v float64) float64 {
		if top <= 0 {
			return float64(padTop) + plotH
		}
		return float64(padTop) + plotH*(1-math.Min(v, top)/top)
	}
	// Time labels: first, middle and last bucket.
	for _, i := range []int{0, n / 2, n - 1} {
		anchor := "middle"
		if i == 0 {
			anchor = "start"
		} else if i == n-1 {
			anchor = "end"
		}
		fmt.Fprintf(&b, `<text class="chart-label" x="%.1f" y="%d" text-anchor="%s">%s</text>`, x(i), chartH-timeLabelBaseline, anchor,
			html.EscapeString(c.timeLabel(c.Points[i].Start)))
	}
	if have == 0 {
		fmt.Fprintf(&b, `<text class="chart-empty" x="%d" y="%d" text-anchor="middle">No attempts in this period</text>`,
			padLeft+int(plotW/2), padTop+int(plotH/2))
		b.WriteString(`</svg>`)
		return template.HTML(b.String())
	}
	switch c.Kind {
	case chartBars:
		w := math.Max(1, slot*0.7)
		for i, p := range c.Points {
			if !p.Has {
				continue
			}
			if p.Value == 0 {
				// An interval with attempts and none to count: a tick on the
				// base line, so that it differs from one with no attempts.
				fmt.Fprintf(&b, `<line class="chart-zero" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"><title>%s</title></line>`,
					x(i)-w/2, y(0), x(i)+w/2, y(0), html.EscapeString(c.pointTitle(p)))
				continue
			}
			fmt.Fprintf(&b, `<rect class="chart-bar" x="%.1f" y="%.1f" width="%.1f" height="%.1f"><title>%s</title></rect>`,
				x(i)-w/2, y(p.Value), w, float64(padTop)+plotH-y(p.Value), html.EscapeString(c.pointTitle(p)))
		}
	default:
		// A line through the buckets that have a value, broken where one has none.
		var seg []string
		flush := func() {
			if len(seg) > 1 {
				fmt.Fprintf(&b, `<polyline class="chart-line" points="%s"/>`, strings.Join(seg, " "))
			}
			seg = seg[:0]
		}
		for i, p := range c.Points {
			if !p.Has {
				flush()
				continue
			}
			seg = append(seg, fmt.Sprintf("%.1f,%.1f", x(i), y(p.Value)))
		}
		flush()
		for i, p := range c.Points {
			if p.Has {
				// r is app.css's (larger on a phone); the attribute is for a page without it.
				fmt.Fprintf(&b, `<circle class="chart-dot" cx="%.1f" cy="%.1f" r="6"><title>%s</title></circle>`, x(i), y(p.Value),
					html.EscapeString(c.pointTitle(p)))
			}
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// chartRow is one interval of a chart, in words.
type chartRow struct{ When, Value string }

// Rows are the chart's intervals in words, for the table beside it: the
// drawing tells a screen reader only its latest value (its aria-label),
// and the others are in hover tooltips, which a phone cannot hover.
func (c chart) Rows() []chartRow {
	rows := make([]chartRow, len(c.Points))
	for i, p := range c.Points {
		rows[i] = chartRow{When: c.timeLabel(p.Start), Value: "no attempts"}
		if p.Has {
			rows[i].Value = formatValue(p.Value, c.Unit)
		}
	}
	return rows
}

// pointTitle is a point's tooltip: its interval's start, with the zone
// (hovered alone, "12:48: 100.0%" gave no hint that 12:48 is UTC, and a
// reader east or west of it took it for local time), and its value.
func (c chart) pointTitle(p chartPoint) string {
	return c.timeLabel(p.Start) + " UTC: " + formatValue(p.Value, c.Unit)
}

func (c chart) summary() string {
	var last *chartPoint
	for i := range c.Points {
		if c.Points[i].Has {
			last = &c.Points[i]
		}
	}
	if last == nil {
		return "no attempts in this period"
	}
	return "latest " + formatValue(last.Value, c.Unit) + " at " + c.timeLabel(last.Start) + " UTC"
}

// timeLabel is an interval's start as the axis, the table and the
// tooltips say it: with its day when the chart's intervals fall on more
// than one UTC day (every 7 d chart, a 24 h chart but in its first hour
// after midnight, a 1 h chart across midnight). With the time alone, a
// day's axis read "21:10 … 09:10 … 20:10", yesterday's 21:10 left of
// today's 20:10 with nothing to tell which was which.
func (c chart) timeLabel(t time.Time) string {
	if c.Step >= 6*time.Hour || c.spansDays() {
		return t.UTC().Format("Jan 2 15:04")
	}
	return t.UTC().Format("15:04")
}

// spansDays says whether the chart's intervals start on more than one
// UTC day.
func (c chart) spansDays() bool {
	if len(c.Points) == 0 {
		return false
	}
	y0, m0, d0 := c.Points[0].Start.UTC().Date()
	y1, m1, d1 := c.Points[len(c.Points)-1].Start.UTC().Date()
	return y0 != y1 || m0 != m1 || d0 != d1
}

// formatValue words a value with its unit; milliseconds from a second
// up are said in seconds ("2.5 s"), which keeps the axis labels short.
func formatValue(v float64, unit string) string {
	// shown is v as it is written: whole from 10 up, one decimal below.
	// The switch to seconds looks at it, so 999.6 ms is "1 s", not
	// "1000 ms", and 9.96 s is "10 s", not "10.0 s".
	shown := func(v float64) float64 {
		if v >= 10 {
			return math.Round(v)
		}
		return math.Round(v*10) / 10
	}
	if unit == " ms" && shown(v) >= 1000 {
		v, unit = v/1000, " s"
	}
	v = shown(v)
	if v == math.Trunc(v) {
		return strconv.FormatFloat(v, 'f', 0, 64) + unit
	}
	return strconv.FormatFloat(v, 'f', 1, 64) + unit
}

// durationText words a response time as formatValue words milliseconds
// ("0.2 ms", "850 ms", "2.5 s"), rounded once, half up, from the store's
// whole microseconds. Worded from the API's response_time_ms, already
// rounded to hundredths, 249 µs read "0.3 ms" (0.25) and 10.495 ms
// "11 ms" (10.50).
func durationText(d time.Duration) string {
	us := max(d.Microseconds(), 0)
	// half is us/den rounded half up.
	half := func(den int64) int64 { return (2*us + den) / (2 * den) }
	tenths := func(t int64, unit string) string {
		if t%10 == 0 {
			return strconv.FormatInt(t/10, 10) + unit
		}
		return strconv.FormatInt(t/10, 10) + "." + strconv.FormatInt(t%10, 10) + unit
	}
	switch {
	case us < 10_000: // under 10 ms: to a tenth
		return tenths(half(100), " ms")
	case half(1000) < 1000: // whole milliseconds
		return strconv.FormatInt(half(1000), 10) + " ms"
	case us < 10_000_000: // from a second: seconds, to a tenth under 10
		return tenths(half(100_000), " s")
	default:
		return strconv.FormatInt(half(1_000_000), 10) + " s"
	}
}

// niceCeil rounds v up to 1, 2 or 5 times a power of ten (at least 1).
func niceCeil(v float64) float64 {
	if v <= 1 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if v <= m*p {
			return m * p
		}
	}
	return 10 * p
}
