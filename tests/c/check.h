/* Minimal test harness for the C tests: CHECK records a failure and goes on;
 * finish() prints "N passed, N failed" and returns the exit status. */
#ifndef DIARY_TEST_CHECK_H
#define DIARY_TEST_CHECK_H

#include <stdio.h>
#include <string.h>
#include "diary.h"

static int checks_passed = 0;
static int checks_failed = 0;

#define CHECK(cond)                                                              \
    do {                                                                         \
        if (cond) {                                                              \
            checks_passed++;                                                     \
        } else {                                                                 \
            checks_failed++;                                                     \
            fprintf(stderr, "%s:%d: CHECK failed: %s (last error: %s)\n",        \
                    __FILE__, __LINE__, #cond, diary_errmsg());                  \
        }                                                                        \
    } while (0)

/* The call returned `status` and named `field` (or any field when NULL). */
#define CHECK_STATUS(call, status, field)                                        \
    do {                                                                         \
        diary_status st_ = (call);                                               \
        CHECK(st_ == (status));                                                  \
        if ((field) != NULL) CHECK(strcmp(diary_errfield(), (field) ? (field) : "") == 0); \
        if ((status) != DIARY_OK) CHECK(strlen(diary_errmsg()) > 0);             \
    } while (0)

#define CHECK_OK(call) CHECK_STATUS(call, DIARY_OK, (const char *)NULL)

static int finish(const char *name) {
    printf("%s: %d passed, %d failed\n", name, checks_passed, checks_failed);
    return checks_failed == 0 ? 0 : 1;
}

#endif
