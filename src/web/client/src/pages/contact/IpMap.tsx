import { Box, Text } from '@mantine/core';
import { geoGraticule10, geoNaturalEarth1, geoPath } from 'd3-geo';
import type { FeatureCollection, Geometry } from 'geojson';
import { useMemo } from 'react';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
// Bundled by Vite into this lazy chunk: the map needs no tile server and no network.
import atlas from 'world-atlas/countries-110m.json';
import type { IpAddress } from '../../api/types';
import { formatDateTime } from '../../lib/format';

const WIDTH = 960;
const HEIGHT = 480;

type Countries = FeatureCollection<Geometry, { name: string }>;

/** Computed once per page load: the country outlines as SVG paths and the projection that drew them. */
let drawn: { countries: { id: string; name: string; d: string }[]; graticule: string; outline: string; project: (lonLat: [number, number]) => [number, number] | null } | undefined;

function draw() {
  if (drawn) return drawn;
  const topology = atlas as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const countries = feature(topology, topology.objects.countries) as unknown as Countries;
  const projection = geoNaturalEarth1().fitExtent([[4, 4], [WIDTH - 4, HEIGHT - 4]], { type: 'Sphere' });
  const path = geoPath(projection);
  drawn = {
    countries: countries.features.map((f, i) => ({ id: String(f.id ?? i), name: f.properties?.name ?? '', d: path(f) ?? '' })),
    graticule: path(geoGraticule10()) ?? '',
    outline: path({ type: 'Sphere' }) ?? '',
    project: (lonLat) => projection(lonLat),
  };
  return drawn;
}

const place = (ip: IpAddress) => [ip.city, ip.state, ip.country].filter(Boolean).join(', ');

/** The world, with a marker where each located IP address is. */
export default function IpMap({ ips }: { ips: readonly IpAddress[] }) {
  const map = useMemo(draw, []);
  const located = ips.filter((ip) => typeof ip.latitude === 'number' && typeof ip.longitude === 'number');
  const countries = new Set(located.map((ip) => ip.country?.toLowerCase()).filter(Boolean));

  return (
    <Box className="cb-map" data-testid="ip-map">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`World map with ${located.length} located IP address${located.length === 1 ? '' : 'es'}`}>
        <path d={map.outline} className="cb-map-sphere" />
        <path d={map.graticule} className="cb-map-graticule" />
        <g>
          {map.countries.map((c) => (
            <path key={c.id} d={c.d} className={countries.has(c.name.toLowerCase()) ? 'cb-map-country cb-map-visited' : 'cb-map-country'} data-country={c.name}>
              <title>{c.name}</title>
            </path>
          ))}
        </g>
        <g>
          {located.map((ip) => {
            const point = map.project([ip.longitude!, ip.latitude!]);
            if (!point) return null;
            const label = `${ip.ip}: ${place(ip) || 'unknown place'}, last seen ${formatDateTime(ip.last_seen_at)}`;
            return (
              <g key={ip.ip} transform={`translate(${point[0].toFixed(1)} ${point[1].toFixed(1)})`} className="cb-map-marker" tabIndex={0} role="img" aria-label={label} data-testid="ip-marker">
                <circle r={11} className="cb-map-halo" />
                <circle r={5} />
                <title>{label}</title>
              </g>
            );
          })}
        </g>
      </svg>
      {located.length === 0 && <Text size="xs" c="dimmed" ta="center" mt={4}>None of these addresses has a known location.</Text>}
    </Box>
  );
}
