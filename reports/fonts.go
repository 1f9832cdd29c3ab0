package reports

import _ "embed" // DejaVu Sans ships inside the binary: a PDF must print Cyrillic on any machine

// DejaVu Sans from Debian's fonts-dejavu-core (fonts/LICENSE: the Bitstream Vera licence with DejaVu's public-domain
// changes, which permits embedding and redistribution).
var (
	//go:embed fonts/DejaVuSans.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	fontBold []byte
)
