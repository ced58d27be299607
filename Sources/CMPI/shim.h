/* Open MPI's handles (MPI_COMM_WORLD, MPI_BYTE, MPI_STATUS_IGNORE, …) are macros over
 * `&ompi_mpi_…` globals of incomplete type, which Swift imports neither as macros nor as
 * globals; these getters keep their C meaning. No stable Swift API: used only by L2LMPI. */
#ifndef CMPI_SHIM_H
#define CMPI_SHIM_H
#include <mpi.h>

static inline MPI_Comm cmpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype cmpi_byte(void) { return MPI_BYTE; }
static inline MPI_Status *cmpi_status_ignore(void) { return MPI_STATUS_IGNORE; }
static inline int cmpi_thread_serialized(void) { return MPI_THREAD_SERIALIZED; }
static inline int cmpi_any_source(void) { return MPI_ANY_SOURCE; }
static inline int cmpi_any_tag(void) { return MPI_ANY_TAG; }
static inline int cmpi_success(void) { return MPI_SUCCESS; }

#endif
