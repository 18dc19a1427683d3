/* Versioning: the header's macros agree with the library linked at run
 * time, and the start-up check accepts this header and refuses others. */
#include <stdlib.h>
#include "check.h"

int main(void) {
    CHECK(diary_version_number() == DIARY_VERSION_NUMBER);
    CHECK(strcmp(diary_version(), DIARY_VERSION_STRING) == 0);
    CHECK(DIARY_VERSION_NUMBER ==
          DIARY_VERSION_MAJOR * 1000000 + DIARY_VERSION_MINOR * 1000 + DIARY_VERSION_PATCH);
    CHECK_OK(DIARY_CHECK_VERSION());
    /* An older minor or patch of the same major is served ... */
    CHECK_OK(diary_check_version(DIARY_VERSION_MAJOR * 1000000));
    /* ... a newer minor, another major or nonsense is not. */
    CHECK_STATUS(diary_check_version(DIARY_VERSION_NUMBER + 1000), DIARY_ERR_INVALID_INPUT,
                 "header_version");
    CHECK(strstr(diary_errmsg(), DIARY_VERSION_STRING) != NULL);
    CHECK_STATUS(diary_check_version(DIARY_VERSION_NUMBER + 1000000), DIARY_ERR_INVALID_INPUT,
                 "header_version");
    CHECK_STATUS(diary_check_version(-1), DIARY_ERR_INVALID_INPUT, "header_version");
    return finish("test_version");
}
