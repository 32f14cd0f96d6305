import cytoscape from 'cytoscape';
import { useEffect, useRef, useState } from 'react';
import type { NetworkElements } from './network';

/**
 * The network map drawn by Cytoscape.js (a dependency of the network page's chunk alone). Members
 * sit on a circle in sector order, so a sector's members are side by side and the picture is the
 * same every visit; ties of concern are drawn above the others. Nodes are labelled with the member's
 * name only and have no tooltip, so nothing the gate withholds can surface. One image to assistive technology,
 * named by `label`: the figures are in the table beside it.
 */
export function NetworkGraph({ elements, label, onMember, height = 640 }: { elements: NetworkElements; label: string; onMember: (id: string) => void; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  const [rendered, setRendered] = useState(false);
  const onMemberRef = useRef(onMember);
  onMemberRef.current = onMember;

  useEffect(() => {
    if (!box.current) return;
    const cy = cytoscape({
      container: box.current,
      elements: [...elements.nodes, ...elements.edges],
      boxSelectionEnabled: false,
      autoungrabify: true,
      userZoomingEnabled: false,
      userPanningEnabled: false,
      style: [
        {
          selector: 'node',
          style: {
            'background-color': 'data(colour)',
            width: 'data(size)',
            height: 'data(size)',
            label: 'data(label)',
            'font-family': 'arial, sans-serif',
            'font-size': 12,
            color: '#212b32',
            'text-valign': 'bottom',
            'text-margin-y': 4,
            'text-wrap': 'ellipsis',
            'text-max-width': '140px',
            'text-background-color': '#ffffff',
            'text-background-opacity': 0.8,
          },
        },
        // Trust received withheld: hollow, a dashed ring in the sector's colour, at one fixed size (networkElements), as the key says.
        { selector: 'node[?withheld]', style: { 'background-color': '#ffffff', 'border-width': 3, 'border-style': 'dashed', 'border-color': 'data(colour)' } },
        { selector: 'node[?isolated]', style: { 'border-width': 3, 'border-style': 'dashed', 'border-color': '#d5281b' } },
        {
          selector: 'edge',
          style: {
            width: 'data(width)',
            'line-color': 'data(colour)',
            'target-arrow-color': 'data(colour)',
            'target-arrow-shape': 'triangle',
            'arrow-scale': 0.8,
            'curve-style': 'bezier',
            opacity: 0.55,
          },
        },
        { selector: 'edge[?withheld]', style: { 'line-style': 'dashed', opacity: 0.5 } },
        { selector: 'edge[?concern]', style: { opacity: 1, 'z-index': 10 } },
      ],
      // Placed at once, never animated: nodes come in sector order (networkElements), so each sector's members sit together.
      layout: { name: 'circle', padding: 48, animate: false },
    });
    cy.on('tap', 'node', (event) => onMemberRef.current(event.target.id()));
    cy.ready(() => setRendered(true));
    // Cytoscape sizes its canvas once; a narrower window (a phone turned, a resized desktop) must redraw it to fit.
    const observer = new ResizeObserver(() => {
      cy.resize();
      cy.fit(undefined, 48);
    });
    observer.observe(box.current);
    return () => {
      observer.disconnect();
      cy.destroy();
    };
  }, [elements]);

  return <div ref={box} className="pp-network" role="img" aria-label={label} data-rendered={rendered} style={{ height }} />;
}
