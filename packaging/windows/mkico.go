//go:build ignore

// Mkico turns the application's PNG icon into a Windows .ico for the .exe's resources:
//
//	go run packaging/windows/mkico.go assets/otklik.png dist/windows/otklik.ico
//
// Every size is stored as an 8-bit RGBA PNG (Windows Vista and later read PNG entries), because Explorer picks
// 16/32/48 px for lists and the taskbar and 256 px for large icons, and a 16-bit PNG is not read by all of them.
// It is a build script, not a package: the ignore tag keeps it out of `go list ./...`, vet and the tests.
package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/png"
	"os"

	"golang.org/x/image/draw"
)

var sizes = []int{256, 64, 48, 32, 24, 16}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "использование: go run packaging/windows/mkico.go ICON.png OUT.ico")
		os.Exit(2)
	}
	if err := convert(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "mkico:", err)
		os.Exit(1)
	}
}

func convert(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	src, err := png.Decode(in)
	if err != nil {
		return fmt.Errorf("read %s: %w", from, err)
	}
	var images [][]byte
	for _, size := range sizes {
		dst := image.NewNRGBA(image.Rect(0, 0, size, size))
		draw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Src, nil)
		var buf bytes.Buffer
		if err := png.Encode(&buf, dst); err != nil {
			return fmt.Errorf("encode %d px: %w", size, err)
		}
		images = append(images, buf.Bytes())
	}
	return os.WriteFile(to, ico(images), 0o644)
}

// ico lays out ICONDIR, one ICONDIRENTRY per image, then the PNG data (all little-endian).
func ico(images [][]byte) []byte {
	var out bytes.Buffer
	le := binary.LittleEndian
	out.Write(le.AppendUint16(nil, 0))                   // reserved
	out.Write(le.AppendUint16(nil, 1))                   // type: icon
	out.Write(le.AppendUint16(nil, uint16(len(images)))) // count
	offset := 6 + 16*len(images)
	for i, data := range images {
		side := byte(sizes[i]) // 256 is written as 0
		out.Write([]byte{side, side, 0, 0})
		out.Write(le.AppendUint16(nil, 1))  // colour planes
		out.Write(le.AppendUint16(nil, 32)) // bits per pixel
		out.Write(le.AppendUint32(nil, uint32(len(data))))
		out.Write(le.AppendUint32(nil, uint32(offset)))
		offset += len(data)
	}
	for _, data := range images {
		out.Write(data)
	}
	return out.Bytes()
}
