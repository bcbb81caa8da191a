/* svg_graph.c - co-membership graphs: Graphviz places the nodes, this file
 * draws them, so every label goes through the HTML escaper.
 * SPDX-License-Identifier: MIT */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <graphviz/gvc.h>

#include "html.h"
#include "svg_graph.h"

static pthread_mutex_t	 lock = PTHREAD_MUTEX_INITIALIZER;
static GVC_t		*gvc;	/* under lock */

struct pos {
	double	 x, y;	/* points, y up as Graphviz gives them */
	int	 set;
};

void
svg_graph_release(void)
{
	pthread_mutex_lock(&lock);
	if (gvc != NULL)
		gvFreeContext(gvc);
	gvc = NULL;
	pthread_mutex_unlock(&lock);
}

/*
 * Graphviz's "plain" output: "graph scale width height", then "node name
 * x y ...", in inches. Node names are "n0", "n1"..., so nothing of the
 * data passes through Graphviz's parser or printer.
 */
static int
parse_plain(const char *out, size_t len, struct pos *pos, size_t n,
    double *w, double *h)
{
	const char	*p = out, *end = out + len, *nl;
	char		 line[256];
	double		 scale, x, y;
	size_t		 k, l;

	*w = *h = 0;
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		l = (size_t)((nl ? nl : end) - p);
		if (l >= sizeof(line))
			l = sizeof(line) - 1;
		memcpy(line, p, l);
		line[l] = '\0';
		p = nl ? nl + 1 : end;
		if (sscanf(line, "graph %lf %lf %lf", &scale, w, h) == 3)
			continue;
		if (sscanf(line, "node n%zu %lf %lf", &k, &x, &y) == 3 &&
		    k < n) {
			pos[k].x = x * 72;
			pos[k].y = y * 72;
			pos[k].set = 1;
		}
	}
	*w *= 72;
	*h *= 72;
	for (k = 0; k < n; k++)
		if (!pos[k].set)
			return -1;
	return *w > 0 && *h > 0 ? 0 : -1;
}

static enum err
layout(const struct svg_graph *g, struct pos *pos, double *w, double *h)
{
	Agraph_t	*ag;
	Agnode_t	**an;
	char		 name[32], *out = NULL;
	unsigned int	 len = 0;
	size_t		 i;
	enum err	 e = ERR_NOMEM;

	if ((an = calloc(g->nodesz, sizeof(*an))) == NULL)
		return ERR_NOMEM;
	pthread_mutex_lock(&lock);
	if (gvc == NULL && (gvc = gvContext()) == NULL)
		goto out;
	if ((ag = agopen("g", Agundirected, NULL)) == NULL)
		goto out;
	agattr(ag, AGRAPH, "overlap", "prism");
	agattr(ag, AGRAPH, "sep", "+12");
	agattr(ag, AGNODE, "shape", "box");
	agattr(ag, AGNODE, "width", "1.2");
	agattr(ag, AGNODE, "height", "0.3");
	agattr(ag, AGNODE, "fixedsize", "true");
	agattr(ag, AGNODE, "label", "");
	for (i = 0; i < g->nodesz; i++) {
		snprintf(name, sizeof(name), "n%zu", i);
		an[i] = agnode(ag, name, 1);
	}
	for (i = 0; i < g->edgesz; i++)
		if (g->edges[i].a < g->nodesz && g->edges[i].b < g->nodesz)
			agedge(ag, an[g->edges[i].a], an[g->edges[i].b], NULL, 1);
	e = ERR_INVALID;
	if (gvLayout(gvc, ag, "neato") == 0) {
		if (gvRenderData(gvc, ag, "plain", &out, &len) == 0 &&
		    parse_plain(out, len, pos, g->nodesz, w, h) == 0)
			e = ERR_OK;
		if (out != NULL)
			gvFreeRenderData(out);
		gvFreeLayout(gvc, ag);
	}
	agclose(ag);
out:
	pthread_mutex_unlock(&lock);
	free(an);
	return e;
}

static void
num(struct buf *b, double v)
{
	buf_printf(b, "%.1f", v);
}

enum err
svg_graph(struct buf *b, const struct svg_graph *g, char **msg)
{
	struct pos	*pos;
	double		 w, h, pad = 70;
	size_t		 i;
	enum err	 e;

	if (msg != NULL)
		*msg = NULL;
	if (g->nodesz == 0)
		return ERR_OK;
	if (g->nodesz > SVG_GRAPH_NODES_MAX) {
		if (msg != NULL)
			*msg = strdup("too many nodes for a readable graph");
		return ERR_INVALID;
	}
	if ((pos = calloc(g->nodesz, sizeof(*pos))) == NULL)
		return ERR_NOMEM;
	if ((e = layout(g, pos, &w, &h)) != ERR_OK) {
		if (msg != NULL)
			*msg = strdup("Graphviz could not lay the graph out");
		free(pos);
		return e;
	}
	/* Graphviz's y grows upwards, SVG's downwards. */
#define X(i)	(pos[i].x + pad)
#define Y(i)	(h - pos[i].y + pad / 2)
	html_lit(b, "<svg class=\"graph\" viewBox=\"0 0 ");
	num(b, w + 2 * pad);
	html_lit(b, " ");
	num(b, h + pad);
	/* The natural size, one unit a CSS pixel (12 px labels): the
	 * stylesheet fits the graph to the column on a wide screen, and a
	 * phone scrolls it at this size rather than shrinking the labels
	 * to a third. */
	html_lit(b, "\" width=\"");
	num(b, w + 2 * pad);
	html_lit(b, "\" height=\"");
	num(b, h + pad);
	/* A group, not an image: its nodes are links (an img role would
	 * hide them, and axe counts them as nested controls). */
	html_lit(b, "\" role=\"group\" aria-labelledby=\"graph-t graph-d\" "
	    "xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"graph-t\">");
	html_str(b, g->title);
	html_lit(b, "</title>\n<desc id=\"graph-d\">");
	html_str(b, g->desc);
	html_lit(b, "</desc>\n<g class=\"edges\">\n");
	for (i = 0; i < g->edgesz; i++) {
		size_t a = g->edges[i].a, c = g->edges[i].b;

		if (a >= g->nodesz || c >= g->nodesz)
			continue;
		html_lit(b, "<line x1=\"");
		num(b, X(a));
		html_lit(b, "\" y1=\"");
		num(b, Y(a));
		html_lit(b, "\" x2=\"");
		num(b, X(c));
		html_lit(b, "\" y2=\"");
		num(b, Y(c));
		html_lit(b, "\" data-from=\"");
		html_attr(b, g->nodes[a].id);
		html_lit(b, "\" data-to=\"");
		html_attr(b, g->nodes[c].id);
		html_lit(b, "\"/>\n");
	}
	html_lit(b, "</g>\n<g class=\"nodes\">\n");
	for (i = 0; i < g->nodesz; i++) {
		const struct svg_node *n = &g->nodes[i];

		if (n->href != NULL) {
			html_lit(b, "<a href=\"");
			html_attr(b, n->href);
			html_lit(b, "\">");
		}
		html_lit(b, "<g class=\"node ");
		html_str(b, n->kind == SVG_NODE_NETWORK ? "network" : "city");
		if (n->focus)
			html_lit(b, " focus");
		html_lit(b, "\" data-id=\"");
		html_attr(b, n->id);
		html_lit(b, "\" transform=\"translate(");
		num(b, X(i));
		html_lit(b, " ");
		num(b, Y(i));
		html_lit(b, ")\">");
		if (n->kind == SVG_NODE_NETWORK)
			html_lit(b, "<rect x=\"-9\" y=\"-9\" width=\"18\" "
			    "height=\"18\" rx=\"3\"/>");
		else
			html_lit(b, "<circle r=\"7\"/>");
		html_lit(b, "<text y=\"22\" text-anchor=\"middle\">");
		html_str(b, n->label);
		html_lit(b, "</text></g>");
		if (n->href != NULL)
			html_lit(b, "</a>");
		html_lit(b, "\n");
	}
	html_lit(b, "</g>\n</svg>\n");
#undef X
#undef Y
	free(pos);
	return ERR_OK;
}
