"""The Qt side of Floordesk: windows, views, item models; they call the domain and db/."""
