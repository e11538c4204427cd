// SPDX-License-Identifier: MIT
/*
 * fmt.c - a small vsnprintf.  The logger, panic and every report go through
 * it, so it never reads past its arguments and never writes past `size`.
 */
#include "lib/fmt.h"

struct out {
	char *buf;
	size_t size;
	size_t len; /* characters produced so far, written or not */
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_repeat(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

struct spec {
	bool left, zero, plus, space, alt;
	int width;     /* -1: none */
	int precision; /* -1: none */
	int length;    /* 0 int, 1 long, 2 long long, -1 short, -2 char, 3 size_t */
};

static void put_string(struct out *o, const struct spec *sp, const char *s)
{
	int n = 0;

	if (!s)
		s = "(null)";
	while (s[n] && (sp->precision < 0 || n < sp->precision))
		n++;
	if (!sp->left)
		put_repeat(o, ' ', sp->width - n);
	for (int i = 0; i < n; i++)
		put(o, s[i]);
	if (sp->left)
		put_repeat(o, ' ', sp->width - n);
}

static void put_number(struct out *o, const struct spec *sp, u64 v, bool negative, unsigned base,
		       bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, prefix_len = 0, zeros = 0, pad;
	const char *prefix = "";

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	/* C11 7.21.6.1: precision 0 with value 0 prints no digits */
	if (sp->precision == 0 && n == 1 && tmp[0] == '0')
		n = 0;

	if (negative)
		prefix = "-";
	else if (sp->plus)
		prefix = "+";
	else if (sp->space)
		prefix = " ";
	if (sp->alt && base == 16)
		prefix = upper ? "0X" : "0x";
	else if (sp->alt && base == 8 && (n == 0 || tmp[n - 1] != '0'))
		prefix = "0";
	while (prefix[prefix_len])
		prefix_len++;

	if (sp->precision > n)
		zeros = sp->precision - n;
	pad = sp->width - prefix_len - zeros - n;
	if (sp->zero && !sp->left && sp->precision < 0) {
		zeros += pad > 0 ? pad : 0;
		pad = 0;
	}
	if (!sp->left)
		put_repeat(o, ' ', pad);
	for (int i = 0; i < prefix_len; i++)
		put(o, prefix[i]);
	put_repeat(o, '0', zeros);
	while (n)
		put(o, tmp[--n]);
	if (sp->left)
		put_repeat(o, ' ', pad);
}

static u64 arg_unsigned(const struct spec *sp, va_list *ap)
{
	switch (sp->length) {
	case -2:
		return (unsigned char)va_arg(*ap, unsigned int);
	case -1:
		return (unsigned short)va_arg(*ap, unsigned int);
	case 1:
		return va_arg(*ap, unsigned long);
	case 2:
		return va_arg(*ap, unsigned long long);
	case 3:
		return va_arg(*ap, size_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static s64 arg_signed(const struct spec *sp, va_list *ap)
{
	switch (sp->length) {
	case -2:
		return (signed char)va_arg(*ap, int);
	case -1:
		return (short)va_arg(*ap, int);
	case 1:
		return va_arg(*ap, long);
	case 2:
		return va_arg(*ap, long long);
	case 3:
		return (s64)va_arg(*ap, size_t);
	default:
		return va_arg(*ap, int);
	}
}

static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	*sp = (struct spec){.width = -1, .precision = -1};
	for (;; f++) {
		if (*f == '-')
			sp->left = true;
		else if (*f == '0')
			sp->zero = true;
		else if (*f == '+')
			sp->plus = true;
		else if (*f == ' ')
			sp->space = true;
		else if (*f == '#')
			sp->alt = true;
		else
			break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = true;
			sp->width = -sp->width;
		}
		f++;
	} else {
		while (*f >= '0' && *f <= '9') {
			sp->width = (sp->width < 0 ? 0 : sp->width) * 10 + (*f++ - '0');
			if (sp->width > 4096)
				sp->width = 4096;
		}
	}
	if (*f == '.') {
		f++;
		sp->precision = 0;
		if (*f == '*') {
			sp->precision = va_arg(*ap, int);
			f++;
		} else {
			while (*f >= '0' && *f <= '9') {
				sp->precision = sp->precision * 10 + (*f++ - '0');
				if (sp->precision > 4096)
					sp->precision = 4096;
			}
		}
	}
	if (f[0] == 'h' && f[1] == 'h') {
		sp->length = -2;
		f += 2;
	} else if (f[0] == 'h') {
		sp->length = -1;
		f++;
	} else if (f[0] == 'l' && f[1] == 'l') {
		sp->length = 2;
		f += 2;
	} else if (f[0] == 'l') {
		sp->length = 1;
		f++;
	} else if (f[0] == 'z') {
		sp->length = 3;
		f++;
	}
	return f;
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap_in)
{
	struct out o = {.buf = buf, .size = size};
	struct spec sp;
	va_list ap;

	va_copy(ap, ap_in);
	for (const char *f = fmt; *f; f++) {
		const char *start = f;

		if (*f != '%') {
			put(&o, *f);
			continue;
		}
		f = parse_spec(f + 1, &sp, &ap);
		switch (*f) {
		case 'd':
		case 'i': {
			s64 v = arg_signed(&sp, &ap);

			put_number(&o, &sp, v < 0 ? -(u64)v : (u64)v, v < 0, 10, false);
			break;
		}
		case 'u':
			put_number(&o, &sp, arg_unsigned(&sp, &ap), false, 10, false);
			break;
		case 'x':
		case 'X':
			put_number(&o, &sp, arg_unsigned(&sp, &ap), false, 16, *f == 'X');
			break;
		case 'o':
			put_number(&o, &sp, arg_unsigned(&sp, &ap), false, 8, false);
			break;
		case 'p':
			sp.alt = true;
			put_number(&o, &sp, (u64)(uintptr_t)va_arg(ap, void *), false, 16, false);
			break;
		case 's':
			put_string(&o, &sp, va_arg(ap, const char *));
			break;
		case 'c': {
			char c[2] = {(char)va_arg(ap, int), 0};

			sp.precision = 1;
			put_string(&o, &sp, c);
			break;
		}
		case '%':
			put(&o, '%');
			break;
		default:
			/* unknown conversion: show it as written */
			while (start <= f && *start)
				put(&o, *start++);
			if (!*f)
				f--;
			break;
		}
	}
	va_end(ap);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
