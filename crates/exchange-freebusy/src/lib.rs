//! Exchange public-folder free/busy messages, the OWA free/busy raster and EWS availability
