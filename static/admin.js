/* The back office's few behaviours; each section keeps its own under its own heading below.
   No inline script: the Content-Security-Policy forbids it. */
(() => {
  "use strict";

  /* == offers == */


  /* == import and export == */


  /* == terminals == */


  /* == reports == */

})();
