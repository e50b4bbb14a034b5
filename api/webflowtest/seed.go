package webflowtest

import (
	"embed"
	"encoding/json"
	"fmt"

	"github.com/webflowkit/assets/generated"
)

// seedFiles are the assets a Server holds unless WithAssets replaces them:
// an image with two variants and a PDF without variants, shaped like what
// Webflow's Data API v2 returns.
//
//go:embed testdata/asset.json testdata/asset-no-variants.json
var seedFiles embed.FS

// IDs of the default seed assets.
const (
	// ImageAssetID is the id of the default PNG image, which has two
	// variants, one of them without a height.
	ImageAssetID = "6650b2f1c4a9e3001f2d7a41"

	// DocumentAssetID is the id of the default PDF, which has no variants
	// and no alt text.
	DocumentAssetID = "6650b3a7c4a9e3001f2d7b02"
)

// DefaultAssets returns a fresh copy of the assets that a Server holds
// unless WithAssets replaces them: the PNG ImageAssetID, displayed as
// "6650b2f1c4a9e3001f2d7a41_harbour-at-dusk.png", and the PDF
// DocumentAssetID, displayed as "price-list.pdf". generated.Asset is the
// type that wrapper.Asset aliases.
func DefaultAssets() []generated.Asset {
	assets, err := loadSeed()
	if err != nil {
		// The files are embedded at build time, so this is a bug in the package.
		panic(err)
	}
	return assets
}

func loadSeed() ([]generated.Asset, error) {
	var assets []generated.Asset
	for _, name := range []string{"testdata/asset.json", "testdata/asset-no-variants.json"} {
		data, err := seedFiles.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("read seed asset %s: %w", name, err)
		}
		var asset generated.Asset
		if err := json.Unmarshal(data, &asset); err != nil {
			return nil, fmt.Errorf("decode seed asset %s: %w", name, err)
		}
		assets = append(assets, asset)
	}
	return assets, nil
}
