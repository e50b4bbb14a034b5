package webflowtest

import (
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/webflowkit/assets/generated"
)

// store holds the assets of the fake site. Each asset keeps its display name
// in the primary locale and, per locale id, the names set with localeId.
type store struct {
	mu     sync.Mutex
	assets map[string]*storedAsset
}

type storedAsset struct {
	primary     generated.Asset
	localeNames map[string]string
	updates     int
}

func newStore(seed []generated.Asset) *store {
	s := &store{assets: make(map[string]*storedAsset, len(seed))}
	for _, asset := range seed {
		s.put(asset)
	}
	return s
}

// put stores a copy of asset under its id, replacing any asset with that id
// and its localized names, but keeping its update count.
func (s *store) put(asset generated.Asset) {
	s.mu.Lock()
	defer s.mu.Unlock()

	stored := &storedAsset{primary: cloneAsset(asset)}
	if old, ok := s.assets[asset.ID]; ok {
		stored.updates = old.updates
	}
	s.assets[asset.ID] = stored
}

// get returns a copy of the asset as seen from a locale. An empty locale id
// means the primary locale.
func (s *store) get(id, localeID string) (generated.Asset, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()

	stored, ok := s.assets[id]
	if !ok {
		return generated.Asset{}, false
	}
	return stored.view(localeID), true
}

// update applies an Update Asset request and returns the asset as seen from
// the request's locale. It reports false when no asset has the id.
func (s *store) update(id string, req generated.UpdateAssetRequest, now time.Time) (generated.Asset, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()

	stored, ok := s.assets[id]
	if !ok {
		return generated.Asset{}, false
	}

	localeID := deref(req.LocaleID)
	if req.DisplayName != nil {
		stored.setDisplayName(localeID, *req.DisplayName)
	}
	stored.primary.LastUpdated = now.UTC().Truncate(time.Millisecond)
	stored.updates++

	return stored.view(localeID), true
}

func (s *store) updateCount(id string) int {
	s.mu.Lock()
	defer s.mu.Unlock()

	if stored, ok := s.assets[id]; ok {
		return stored.updates
	}
	return 0
}

func (a *storedAsset) setDisplayName(localeID, name string) {
	if localeID == "" {
		a.primary.DisplayName = name
		return
	}
	if a.localeNames == nil {
		a.localeNames = make(map[string]string)
	}
	a.localeNames[localeID] = name
}

// view returns a copy of the asset with the display name of a locale. A
// locale without a name of its own shows the primary name.
func (a *storedAsset) view(localeID string) generated.Asset {
	asset := cloneAsset(a.primary)
	if name, ok := a.localeNames[localeID]; ok {
		asset.DisplayName = name
	}
	return asset
}

// cloneAsset returns a deep copy, so that callers never share memory with
// the store. A nil Variants becomes an empty list, which is what Webflow
// sends for an asset without variants.
func cloneAsset(asset generated.Asset) generated.Asset {
	clone := asset
	clone.AltText = clonePointer(asset.AltText)
	clone.Variants = make([]generated.AssetVariant, len(asset.Variants))
	for i, variant := range asset.Variants {
		variant.Height = clonePointer(variant.Height)
		variant.Error = clonePointer(variant.Error)
		clone.Variants[i] = variant
	}
	return clone
}

func clonePointer[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// assetJSON is the wire form of an asset. It writes lastUpdated with exactly
// three fractional digits, as Webflow does after an update, where
// time.Time's own encoding drops trailing zeros.
type assetJSON struct {
	generated.Asset
	LastUpdated string `json:"lastUpdated"`
}

func marshalAsset(asset generated.Asset) ([]byte, error) {
	data, err := json.Marshal(assetJSON{
		Asset:       asset,
		LastUpdated: asset.LastUpdated.UTC().Format("2006-01-02T15:04:05.000Z07:00"),
	})
	if err != nil {
		return nil, fmt.Errorf("encode asset %q: %w", asset.ID, err)
	}
	return data, nil
}
