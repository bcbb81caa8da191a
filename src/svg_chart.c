/* svg_chart.c - server-made SVG charts.
 * SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "svg_chart.h"

#define W	640.0	/* viewBox */
#define H	300.0
#define ML	48.0	/* margins: room for the axes' labels */
#define MR	28.0	/* half a year label at the phone size (site.css) */
#define MT	16.0
#define MB	36.0

double
svg_year(const char *date)
{
	int	 y = 0, m = 0, d = 0, k;

	if (date == NULL)
		return 0;
	k = sscanf(date, "%4d-%2d-%2d", &y, &m, &d);
	if (k < 1 || y < 1000)
		return 0;
	if (k < 2 || m < 1 || m > 12)
		return y;
	if (k < 3 || d < 1 || d > 31)
		d = 1;
	return y + ((m - 1) * 30.4375 + (d - 1)) / 365.25;
}

/* A number with one decimal, the precision of the drawing. */
static void
num(struct buf *b, double v)
{
	buf_printf(b, "%.1f", fabs(v) < 0.05 ? 0.0 : v);
}

/* A tick step giving about five ticks up to max. */
static long
tick(long max)
{
	static const long steps[] = { 1, 2, 5, 10, 20, 25, 50, 100, 200,
	    250, 500, 1000, 2000, 5000, 10000 };
	size_t	 i;

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if (max / steps[i] <= 5)
			return steps[i];
	return max / 5 + 1;
}

void
svg_growth(struct buf *b, const struct svg_growth *g)
{
	double	 x0 = 1e9, x1 = -1e9, x, y, px = 0;
	long	 vmax = 1, t, step;
	size_t	 i;
	int	 yr, ystep;

	if (g->stepsz == 0 && g->marksz == 0)
		return;
	for (i = 0; i < g->stepsz; i++) {
		x = svg_year(g->steps[i].date);
		if (x > 0 && x < x0)
			x0 = x;
		if (x > x1)
			x1 = x;
		if (g->steps[i].value > vmax)
			vmax = g->steps[i].value;
	}
	for (i = 0; i < g->marksz; i++) {
		x = svg_year(g->marks[i].date);
		if (x > 0 && x < x0)
			x0 = x;
		if (x > x1)
			x1 = x;
		if (g->marks[i].value > vmax)
			vmax = g->marks[i].value;
	}
	if (x0 > x1)
		return;
	x0 = floor(x0);
	if (g->until > x1)
		x1 = g->until;
	x1 = floor(x1) + 1;
	step = tick(vmax);
	vmax = (vmax / step + 1) * step;

#define X(v)	(ML + ((v) - x0) / (x1 - x0) * (W - ML - MR))
#define Y(v)	(H - MB - (double)(v) / (double)vmax * (H - MT - MB))

	html_lit(b, "<svg class=\"chart growth\" viewBox=\"0 0 640 300\" "
	    "role=\"img\" aria-labelledby=\"growth-t growth-d\" "
	    "xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"growth-t\">");
	html_str(b, g->title);
	html_lit(b, "</title>\n<desc id=\"growth-d\">");
	html_str(b, g->desc);
	html_lit(b, "</desc>\n<g class=\"axis\">\n");
	/* Horizontal rules with the count, vertical ticks with the year. */
	for (t = 0; t <= vmax; t += step) {
		html_lit(b, "<line x1=\"");
		num(b, ML);
		html_lit(b, "\" x2=\"");
		num(b, W - MR);
		html_lit(b, "\" y1=\"");
		num(b, Y(t));
		html_lit(b, "\" y2=\"");
		num(b, Y(t));
		html_lit(b, "\"/><text x=\"");
		num(b, ML - 6);
		html_lit(b, "\" y=\"");
		num(b, Y(t) + 4);
		html_lit(b, "\" text-anchor=\"end\">");
		html_long(b, t);
		html_lit(b, "</text>\n");
	}
	ystep = (int)ceil((x1 - x0) / 8.0);
	if (ystep < 1)
		ystep = 1;
	for (yr = (int)x0; yr <= (int)x1; yr += ystep) {
		html_lit(b, "<text x=\"");
		num(b, X(yr));
		html_lit(b, "\" y=\"");
		num(b, H - MB + 18);
		html_lit(b, "\" text-anchor=\"middle\">");
		html_long(b, yr);
		html_lit(b, "</text>\n");
	}
	html_lit(b, "</g>\n");
	if (g->stepsz > 0) {
		/* The count holds until the next change, then steps. */
		html_lit(b, "<path class=\"series\" d=\"");
		for (i = 0; i < g->stepsz; i++) {
			x = X(svg_year(g->steps[i].date));
			if (i == 0) {
				html_lit(b, "M");
				num(b, x);
				html_lit(b, " ");
				num(b, Y(0));
			} else {
				html_lit(b, " H");
				num(b, x);
			}
			html_lit(b, " V");
			num(b, Y(g->steps[i].value));
			px = x;
		}
		html_lit(b, " H");
		num(b, X(x1) > px ? X(x1) : px);
		html_lit(b, "\"/>\n");
		for (i = 0; i < g->stepsz; i++) {
			html_lit(b, "<circle class=\"step\" r=\"3\" cx=\"");
			num(b, X(svg_year(g->steps[i].date)));
			html_lit(b, "\" cy=\"");
			num(b, Y(g->steps[i].value));
			html_lit(b, "\" data-date=\"");
			html_attr(b, g->steps[i].date);
			html_lit(b, "\" data-value=\"");
			html_long(b, g->steps[i].value);
			html_lit(b, "\"><title>");
			html_str(b, g->steps[i].label);
			html_lit(b, "</title></circle>\n");
		}
	}
	for (i = 0; i < g->marksz; i++) {
		x = X(svg_year(g->marks[i].date));
		y = Y(g->marks[i].value);
		/* A diamond, distinct from the steps' dots in black and white. */
		html_lit(b, "<path class=\"mark\" d=\"M");
		num(b, x);
		html_lit(b, " ");
		num(b, y - 7);
		html_lit(b, " l7 7 l-7 7 l-7 -7Z\" data-date=\"");
		html_attr(b, g->marks[i].date);
		html_lit(b, "\" data-value=\"");
		html_long(b, g->marks[i].value);
		html_lit(b, "\"><title>");
		html_str(b, g->marks[i].label);
		html_lit(b, "</title></path>\n<text class=\"mark-label\" x=\"");
		num(b, x + 10);
		html_lit(b, "\" y=\"");
		num(b, y - 8);
		html_lit(b, "\">");
		html_long(b, g->marks[i].value);
		html_lit(b, "</text>\n");
	}
	html_lit(b, "</svg>\n");
#undef X
#undef Y
}
