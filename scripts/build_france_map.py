"""Build essaim/presentation/charts/data/departements.json from a GeoJSON of the 101 départements.

Run once, by hand, when the geometry or the layout changes (see docs/charts.md):

    python scripts/build_france_map.py departements-avec-outre-mer.geojson

The input is `departements-avec-outre-mer.geojson` from gregoiredavid/france-geojson (IGN
Admin Express COG 2018, Licence Ouverte). The output holds SVG path data already projected and
simplified into one fixed layout, so that drawing a map at run time only reads a small file:

- metropolitan France and Corsica in Lambert-93 (EPSG:2154, the official projection);
- each overseas département in its own inset box, in a local equirectangular projection and at
  its own scale (the boxes say so);
- Paris and the petite couronne (75, 92, 93, 94) enlarged in a box, since Paris is a few pixels
  wide at the national scale.

Simplification is Douglas-Peucker on arcs: every ring is cut where borders meet, each shared
border is simplified once and reused by both sides, so neighbours never gap or overlap.
Standard library only: the project needs nothing extra to rebuild the file.
"""

import argparse
import hashlib
import json
import math
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "essaim" / "presentation" / "charts" / "data" / "departements.json"

WIDTH, HEIGHT = 800, 540
# (box id, label, x, y, width, height, codes or None for "every metropolitan code"); a box's label
# is drawn above it, so each inset leaves 16 px free on top.
METRO = ("metro", None, 136, 4, 540, 506, None)
INSETS = [
    ("971", "Guadeloupe", 6, 20, 122, 84, ["971"]),
    ("972", "Martinique", 6, 122, 122, 84, ["972"]),
    ("973", "Guyane", 6, 224, 122, 84, ["973"]),
    ("974", "La Réunion", 6, 326, 122, 84, ["974"]),
    ("976", "Mayotte", 6, 428, 122, 84, ["976"]),
    ("idf", "Paris et petite couronne", 680, 380, 114, 114, ["75", "92", "93", "94"]),
]
LEGEND = {"x": 684, "y": 20, "width": 110}
OVERSEAS = {"971", "972", "973", "974", "976"}
PADDING = 4  # px left free inside each box
TOLERANCE = 0.45  # px: Douglas-Peucker tolerance, after projection
MIN_AREA = 1.5  # px²: smaller islands are dropped (the largest part of a département is kept)


# --- Lambert-93 (EPSG:2154): Lambert conformal conic on GRS80, secant at 44° and 49° N ---------
A = 6378137.0
E = 0.08181919104281579
LAT0, LAT1, LAT2, LON0 = (math.radians(v) for v in (46.5, 49.0, 44.0, 3.0))
X0, Y0 = 700000.0, 6600000.0


def _m(lat):
    return math.cos(lat) / math.sqrt(1 - (E * math.sin(lat)) ** 2)


def _t(lat):
    s = E * math.sin(lat)
    return math.tan(math.pi / 4 - lat / 2) / ((1 - s) / (1 + s)) ** (E / 2)


N = (math.log(_m(LAT1)) - math.log(_m(LAT2))) / (math.log(_t(LAT1)) - math.log(_t(LAT2)))
F = _m(LAT1) / (N * _t(LAT1) ** N)
RHO0 = A * F * _t(LAT0) ** N


def lambert93(lon, lat):
    """(lon, lat) in degrees → (x, y) in metres, y pointing north."""
    rho = A * F * _t(math.radians(lat)) ** N
    theta = N * (math.radians(lon) - LON0)
    return X0 + rho * math.sin(theta), Y0 + RHO0 - rho * math.cos(theta)


def equirectangular(lat0):
    """A local projection for a small territory: true scale along its central parallel."""
    k = math.cos(math.radians(lat0))
    return lambda lon, lat: (lon * k * 111320.0, lat * 110540.0)


# --- geometry -----------------------------------------------------------------------------------
def polygons(feature):
    """The feature's polygons as lists of rings of (lon, lat), closing point removed."""
    geometry = feature["geometry"]
    parts = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    result = []
    for polygon in parts:
        rings = []
        for ring in polygon:
            points = [(round(lon, 6), round(lat, 6)) for lon, lat in ring]
            if points[0] == points[-1]:
                points.pop()
            rings.append(points)
        result.append(rings)
    return result


def fit(points, x, y, width, height):
    """A function mapping projected points (y north) into the box (y down), aspect kept."""
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    scale = min((width - 2 * PADDING) / (max(xs) - min(xs)), (height - 2 * PADDING) / (max(ys) - min(ys)))
    left = x + (width - (max(xs) - min(xs)) * scale) / 2
    top = y + (height - (max(ys) - min(ys)) * scale) / 2
    x_min, y_max = min(xs), max(ys)
    return lambda p: (left + (p[0] - x_min) * scale, top + (y_max - p[1]) * scale)


def perpendicular(p, a, b):
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == dy == 0:
        return math.hypot(px - ax, py - ay)
    return abs(dy * px - dx * py + bx * ay - by * ax) / math.hypot(dx, dy)


def douglas_peucker(points, tolerance):
    """Indices of the points kept (iterative, so long coastlines do not hit the recursion limit)."""
    keep = {0, len(points) - 1}
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, None
        for i in range(first + 1, last):
            d = perpendicular(points[i], points[first], points[last])
            if d > best:
                best, index = d, i
        if index is not None and best > tolerance:
            keep.add(index)
            stack += [(first, index), (index, last)]
    return sorted(keep)


def junctions(rings):
    """Vertices where borders meet: those with other than two distinct neighbours overall."""
    neighbours = {}
    for ring in rings:
        n = len(ring)
        for i, v in enumerate(ring):
            neighbours.setdefault(v, set()).update((ring[i - 1], ring[(i + 1) % n]))
    return {v for v, around in neighbours.items() if len(around) != 2}


def simplify_rings(rings, project, tolerance):
    """Simplify every ring arc by arc; a shared arc is simplified once, in one direction."""
    fixed = junctions(rings)
    cache = {}
    result = []
    for ring in rings:
        cuts = [i for i, v in enumerate(ring) if v in fixed]
        if not cuts:  # an island: start at a canonical vertex, cut it in two
            start = ring.index(min(ring))
            ring = ring[start:] + ring[:start]
            cuts = [0, len(ring) // 2]
        else:
            ring = ring[cuts[0] :] + ring[: cuts[0]]
            cuts = [i - cuts[0] for i in cuts]
        closed = ring + [ring[0]]
        out = []
        for a, b in zip(cuts, cuts[1:] + [len(ring)], strict=True):
            arc = tuple(closed[a : b + 1])
            canonical = min(arc, arc[::-1])
            if canonical not in cache:
                cache[canonical] = [canonical[i] for i in douglas_peucker([project(v) for v in canonical], tolerance)]
            kept = cache[canonical] if canonical == arc else cache[canonical][::-1]
            out.extend(kept[:-1])
        result.append([project(v) for v in out])
    return result


def area(ring):
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


def path_data(polys):
    """SVG path data: absolute first point, then relative steps on a 0.1 px grid."""
    parts = []
    for rings in polys:
        for ring in rings:
            grid = [(round(x * 10), round(y * 10)) for x, y in ring]
            grid = [p for i, p in enumerate(grid) if p != grid[i - 1]] or grid[:1]
            if len(grid) < 3:
                continue
            steps = [f"M{grid[0][0] / 10:g} {grid[0][1] / 10:g}l"]
            for (x1, y1), (x2, y2) in zip(grid, grid[1:], strict=False):
                steps.append(f"{(x2 - x1) / 10:g} {(y2 - y1) / 10:g}".replace(" -", "-"))
            parts.append(" ".join(steps).replace("l ", "l").replace(" -", "-") + "z")
    return "".join(parts)


def draw_box(geometry, codes, box, project):
    """Path data for each code, projected, fitted into the box and simplified."""
    _, _, x, y, width, height, _ = box
    rings = [ring for code in codes for polygon in geometry[code] for ring in polygon]
    to_box = fit([project(*v) for ring in rings for v in ring], x, y, width, height)
    simplified = dict(zip(map(id, rings), simplify_rings(rings, lambda v: to_box(project(*v)), TOLERANCE), strict=True))
    paths = {}
    for code in codes:
        polys = [[simplified[id(ring)] for ring in polygon] for polygon in geometry[code]]
        biggest = max(polys, key=lambda p: area(p[0]))
        paths[code] = path_data([p for p in polys if p is biggest or area(p[0]) >= MIN_AREA])
    return paths, to_box


def build(source):
    raw = Path(source).read_bytes()
    geometry = {f["properties"]["code"]: polygons(f) for f in json.loads(raw)["features"]}
    if len(geometry) != 101:
        raise SystemExit(f"expected 101 départements, found {len(geometry)}")
    metro_codes = sorted(c for c in geometry if c not in OVERSEAS)
    paths, metro_to_box = draw_box(geometry, metro_codes, METRO, lambert93)
    boxes, zoom, zoom_frame = [], {}, None
    for box in INSETS:
        box_id, label, x, y, width, height, codes = box
        if box_id == "idf":
            zoom, _ = draw_box(geometry, codes, box, lambert93)
            # Where the enlarged area sits on the national map, as a rectangle drawn there.
            corners = [metro_to_box(lambert93(*v)) for c in codes for poly in geometry[c] for v in poly[0]]
            xs, ys = [p[0] for p in corners], [p[1] for p in corners]
            zoom_frame = [round(min(xs) - 1, 1), round(min(ys) - 1, 1)]
            zoom_frame += [round(max(xs) - min(xs) + 2, 1), round(max(ys) - min(ys) + 2, 1)]
        else:
            main_ring = max((poly[0] for poly in geometry[box_id]), key=len)
            lat0 = sum(lat for _, lat in main_ring) / len(main_ring)
            paths.update(draw_box(geometry, codes, box, equirectangular(lat0))[0])
        boxes.append({"id": box_id, "label": label, "x": x, "y": y, "width": width, "height": height})
    return {
        "source": "IGN, Admin Express COG 2018, via github.com/gregoiredavid/france-geojson "
        "(departements-avec-outre-mer.geojson)",
        "licence": "Licence Ouverte / Open Licence (Etalab)",
        "source_sha256": hashlib.sha256(raw).hexdigest(),
        "generated_by": "scripts/build_france_map.py",
        "width": WIDTH,
        "height": HEIGHT,
        "metro": dict(zip(("x", "y", "width", "height"), METRO[2:6], strict=True)),
        "insets": boxes,
        "legend": LEGEND,
        "zoom_frame": zoom_frame,
        "paths": dict(sorted(paths.items())),
        "zoom": zoom,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", help="departements-avec-outre-mer.geojson")
    parser.add_argument("--output", default=str(OUTPUT))
    args = parser.parse_args()
    data = build(args.source)
    Path(args.output).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{args.output}: {len(data['paths'])} départements, {Path(args.output).stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
