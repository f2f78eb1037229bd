// Must not compile: see tests/layering/CMakeLists.txt.
#include "cluster_session.h"

int main()
{
    return 0;
}
