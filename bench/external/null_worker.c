/* The cheapest worker that speaks the external protocol: it answers every candidate with
 * fitness 0 without parsing a number. Timing l2l against it measures what l2l itself spends per
 * batch and per candidate (encoding, the pipe, parsing replies); bench/external/overhead.py. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    size_t capacity = 0;
    char *line = NULL;
    ssize_t length;
    char *reply = NULL;
    size_t reply_capacity = 0;
    while ((length = getline(&line, &capacity, stdin)) > 0) {
        if (strstr(line, "\"type\":\"hello\"")) {
            fputs("{\"type\":\"ready\",\"protocol\":1}\n", stdout);
        } else if (strstr(line, "\"type\":\"evaluate\"")) {
            char *candidates = strstr(line, "\"candidates\":[");
            size_t count = 0;
            for (char *c = candidates ? candidates + 14 : line + length; *c; c++) if (*c == '[') count++;
            size_t needed = 40 + count * 14;
            if (needed > reply_capacity) { reply_capacity = needed * 2; reply = realloc(reply, reply_capacity); }
            char *out = reply;
            out += sprintf(out, "{\"type\":\"result\",\"results\":[");
            for (size_t i = 0; i < count; i++) out += sprintf(out, i ? ",{\"fitness\":0}" : "{\"fitness\":0}");
            strcpy(out, "]}\n");
            fputs(reply, stdout);
        } else if (strstr(line, "\"type\":\"final\"")) {
            fputs("{\"type\":\"final\",\"metrics\":{}}\n", stdout);
        } else if (strstr(line, "\"type\":\"bye\"")) {
            break;
        }
        fflush(stdout);
    }
    free(line);
    free(reply);
    return 0;
}
