"""The Qt side of Floordesk: windows, views, item models; they call the domain and db/."""

from desktop.qt.pyside_sources import spare_the_sources

spare_the_sources()  # before the window's modules are imported (see there)
