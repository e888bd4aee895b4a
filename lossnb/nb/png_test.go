package nb

import (
	"strings"
	"testing"

	"github.com/janpfeifer/gonb/gonbui/protocol"
	"github.com/lossnb/lossnb/lossnb/chart"
	"github.com/lossnb/lossnb/lossnb/figure"
)

// TestShowPNGAltText checks that a figure drawn by figure.PNG reaches the notebook with
// its chart's description as alt text (an <img> without alt is a WCAG 1.1.1 failure that
// axe-core reports as critical), escaped, and that a PNG without a description is sent
// as before. It would catch a description lost between figure and nb, or user text
// injected into the page through it.
func TestShowPNGAltText(t *testing.T) {
	c := chart.NewLines(`Loss "<b>"`)
	c.Add("MSE", []float64{0, 1}, []float64{0, 1})
	img, err := figure.PNG(c, 160, 90)
	if err != nil {
		t.Fatal(err)
	}
	want, err := chart.Describe(c)
	if err != nil {
		t.Fatal(err)
	}
	if got := PNGDescription(img); got != want {
		t.Fatalf("PNGDescription = %q, want %q", got, want)
	}
	d := PNGBundle(img)
	html, _ := d.Data[protocol.MIMETextHTML].(string)
	if !strings.HasPrefix(html, `<img src="data:image/png;base64,`) || !strings.Contains(html, `alt="Line chart “Loss &#34;&lt;b&gt;&#34;”`) {
		t.Errorf("HTML %.200q…, want an img with the escaped description as alt", html)
	}
	if d.Data[protocol.MIMEImagePNG] == nil || d.Data[protocol.MIMETextPlain] != want {
		t.Errorf("the bundle lacks the PNG or the text: %v", d.Data[protocol.MIMETextPlain])
	}
	plain := img[:33:33]
	plain = append(plain, img[33+12+len("Description")+5+len(want):]...)
	if PNGDescription(plain) != "" || len(PNGBundle(plain).Data) != 1 {
		t.Errorf("a PNG without a description: %q, %d MIME types", PNGDescription(plain), len(PNGBundle(plain).Data))
	}
	for _, bad := range [][]byte{nil, []byte("\x89PNG\r\n\x1a\n\xff\xff\xff\xffiTXt")} {
		if PNGDescription(bad) != "" {
			t.Errorf("PNGDescription(%q) is not empty", bad)
		}
	}
}
