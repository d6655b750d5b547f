"""The raster side: fonts, CJK text layout, LED slides, playlists, posters, render cache.

Never imports MkDocs; reads the typed items that `generator` loads."""
